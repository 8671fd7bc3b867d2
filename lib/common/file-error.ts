import { displayText } from "./display-text";

/**
 * Raised for a file that cannot be read or written; one line that names the path and the reason,
 * the path safe for a terminal ({@link displayText}).
 */
export class FileError extends Error {
  constructor(message: string) {
    super(displayText(message));
    this.name = "FileError";
  }
}

/** Raised for a file that cannot be read or written; one line that names the path and the reason. */
export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileError";
  }
}

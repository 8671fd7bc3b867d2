/**
 * Finds the candidate closest to a misspelt name, for "did you mean" hints.
 * Case is ignored; among equally close candidates the one sharing the longest prefix wins
 * (`User.Read` suggests `User.Read.All`); one more edits away than half the name's length is no hint.
 */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  let best: string | undefined;
  let bestScore: [number, number] = [Math.ceil(input.length / 2) + 1, 0];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const score: [number, number] = [editDistance(wanted, lower), commonPrefixLength(wanted, lower)];
    if (score[0] < bestScore[0] || (score[0] === bestScore[0] && best !== undefined && score[1] > bestScore[1])) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions needed to turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

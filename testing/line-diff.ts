/** One line of a diff: in both lists, only in the expected one, or only in the actual one. */
export interface DiffLine {
  readonly kind: "same" | "expected" | "actual";
  readonly line: string;
  /** Index in the expected (for "same" and "expected") or actual ("actual") list. */
  readonly index: number;
}

/**
 * A line diff of two short lists (events of one command) by longest common subsequence, with a
 * run of removals printed before the additions that replace it, as `diff` and test runners do.
 */
export function diffLines(expected: readonly string[], actual: readonly string[]): DiffLine[] {
  const n = expected.length;
  const m = actual.length;
  // lcs[i][j]: length of the longest common subsequence of expected[i..] and actual[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const below = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        expected[i] === actual[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const out: DiffLine[] = [];
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flush = () => {
    out.push(...removed, ...added);
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      flush();
      out.push({ kind: "same", line: expected[i] as string, index: i });
      i++;
      j++;
    } else if (j >= m || (i < n && (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      removed.push({ kind: "expected", line: expected[i] as string, index: i });
      i++;
    } else {
      added.push({ kind: "actual", line: actual[j] as string, index: j });
      j++;
    }
  }
  flush();
  return out;
}

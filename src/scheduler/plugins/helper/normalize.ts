// helper.DefaultNormalizeScore: scales scores to [0, max] by the highest score, optionally reversed. Integer
// arithmetic as in Go (int64 division truncates).
import type { NodeScore } from '../../framework/interfaces.js';

export function defaultNormalizeScore(max: number, reverse: boolean, scores: NodeScore[]): void {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = max;
    return;
  }
  for (const s of scores) {
    let v = Math.trunc((max * s.score) / maxCount);
    if (reverse) v = max - v;
    s.score = v;
  }
}

/** "2026-11-25 14:03 UTC": one unambiguous time format for every platform. */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** 1.5 → "1 h 30 min"; days past 48 hours. */
export function formatHours(hours: number): string {
  if (hours >= 48) return `${Math.floor(hours / 24)} days ${Math.floor(hours % 24)} h`;
  const whole = Math.floor(hours);
  const minutes = Math.floor((hours - whole) * 60);
  return whole > 0 ? `${whole} h ${minutes} min` : `${minutes} min`;
}

/** Cuts text to a platform's limit, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** An English count with its noun: "1 day", "3 days" ("(s)" reads as unfinished in a reply). */
export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

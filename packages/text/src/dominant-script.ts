/**
 * Whether a text reads as Chinese: its Han characters outweigh its Latin letters, a Han character
 * counting as two (it carries about a word, a Latin letter a fifth of one). "What does 专业版 cost?"
 * is English with a Chinese name in it; "VPN客户端叫什么" is Chinese with a Latin one. The answer's
 * messages (abstention, a withheld answer) follow this, so both speak the same language.
 */
export function isMostlyChinese(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return han > 0 && 2 * han >= latin;
}

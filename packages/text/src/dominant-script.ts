// Chinese grammar in a text (question words, particles, the commonest function characters): a
// question built on it is Chinese however many Latin product names it carries.
const CHINESE_GRAMMAR =
  /多少|怎么|怎样|如何|什么|为什么|哪|吗|呢|吧|请问|是否|能否|可以|几|的|了|是|在|有|和/u;

/**
 * Whether a text reads as Chinese. "What does 专业版 cost?" is English with a Chinese name in it;
 * "iPhone 15 Pro Max 多少钱" and "VPN客户端叫什么" are Chinese with Latin names in them. Chinese
 * grammar decides; without it, Han characters must outweigh Latin words (two characters to a word).
 * The answer's messages (abstention, a withheld answer) follow this, so both speak the same language.
 */
export function isMostlyChinese(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (han === 0) return false;
  if (CHINESE_GRAMMAR.test(text)) return true;
  const latinWords = text.match(/\p{Script=Latin}+/gu)?.length ?? 0;
  return han >= 2 * latinWords;
}

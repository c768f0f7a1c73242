import { splitSentences } from '@grounded/text';

// Greetings, thanks and chat openers: they ask nothing and name nothing the documents hold.
const FILLER =
  /^(?:hi|hello|hey|hiya|dear [\p{L}\s]{1,30}|good (?:morning|afternoon|evening|day)|greetings|thanks?(?: you)?(?: (?:so|very) much)?(?: for [^.!?,]*)?|thank you(?: (?:so|very) much)?(?: for [^.!?,]*)?|many thanks|cheers|sorry(?: to bother you| for [^.!?,]*)?|ok(?:ay)?|please|excuse me|i (?:have|got) (?:a|one|another) (?:quick |short )?question|(?:a )?quick question|one more (?:thing|question)|another question|(?:please )?ignore (?:my|the) (?:last|previous) (?:message|question)|hope you(?:'re| are) (?:well|doing well)|how are you(?: doing)?|你好|您好|谢谢(?:你|您)?)(?:\s+(?:there|team|all|again))?$/iu;

function isFiller(sentence: string): boolean {
  const parts = sentence
    .replace(/[.!?。！？…\s]+$/u, '')
    .split(/[,，;]\s*/u)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length > 0 && parts.every((p) => FILLER.test(p));
}

/**
 * The part of a customer's message that asks: without the greeting, thanks or chat opener before
 * it ("Hello, I have a question. How much does the Basic plan cost?", "Please ignore my last
 * message, how much is the Team plan?"). The extractive answerer read the whole message, its words
 * and sentence similarity were diluted, and it abstained. Only such filler is dropped: context
 * ("My laptop was stolen. Who do I contact?") and conditions ("If I cancel, …") stay, and a message
 * that is all filler ("Thanks!") is returned as it is.
 */
export function askedPart(message: string): string {
  const text = message.trim();
  const sentences = splitSentences(text);
  let at = 0;
  for (const sentence of sentences) {
    if (!isFiller(sentence.text)) break;
    at = sentence.end;
  }
  let rest = text.slice(at).trim();
  // Filler clauses before a comma or colon in the asking sentence: "Hi, how long is the trial?",
  // "Quick question: can I pay by invoice?".
  const clause = /^([^,，:：]+)[,，:：]\s*/u;
  for (let lead = clause.exec(rest); lead && FILLER.test(lead[1]!.trim()); lead = clause.exec(rest))
    rest = rest.slice(lead[0].length);
  return rest === '' ? text : rest;
}

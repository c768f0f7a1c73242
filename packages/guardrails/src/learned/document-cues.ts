/**
 * Cues that tell an instruction planted in a document for the model that reads it from an
 * instruction the document gives its human reader (issue #19). Company how-to text is full of
 * imperatives and second person ("click Settings, then select Reset password", "ignore the warning
 * and continue", "you must enter the admin password"); what an indirect injection has and a how-to
 * lacks is an AI as the addressee, the user spoken of in the third person, the model's own context
 * ("system prompt", "previous instructions") and a way to smuggle data out (a link or image whose
 * query string is to be filled in). The reader's interface (buttons, menus, pages) is the opposite
 * cue. Only computed for document chunks: in a user message "you" is the assistant anyway.
 * Concepts, not phrasings of any evaluation set; English and Chinese; on the normalised text.
 */

interface DocumentCue {
  name: string;
  patterns: RegExp[];
}

const AI = String.raw`(?:ai|a\.i\.|artificial intelligence|llms?|large language models?|language models?|models?|gpts?|chatbots?|bots?|virtual assistants?|ai assistants?|assistants?|agents?|copilots?)`;
const ZH_AI = `(?:AI|ai|人工智能|大模型|语言模型|模型|助手|机器人|智能体|智能客服)`;

const CUES: DocumentCue[] = [
  {
    // The model addressed: "Note to AI systems", "If you are an AI", "Assistant: …", "models reading this".
    name: 'doc.ai-addressee',
    patterns: [
      new RegExp(String.raw`\b(?:if you are|you are|as|you, the) (?:an? |the )?${AI}\b`, 'g'),
      new RegExp(
        String.raw`\b(?:notes?|messages?|instructions?|reminders?|directions?|memo|guidance|attention)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+|every\s+)?(?:automated\s+\w+|${AI})`,
        'g',
      ),
      new RegExp(
        String.raw`\b(?:${AI}|automated (?:systems?|tools?|screeners?|reviewers?))\s+(?:that\s+|which\s+|who\s+)?(?:reads?|reading|process\w*|pars\w*|summari[sz]\w*|analy[sz]\w*|evaluat\w*|scan\w*|review\w*|screen\w*|us(?:es|ing) this|with (?:tool|email|file|web) access|that can)`,
        'g',
      ),
      new RegExp(
        String.raw`(?:^\s*|[\n>]\s*|\b(?:dear|hey|hello|hi|attention|attn|to the)\s+)(?:the\s+)?(?:${AI})(?:\s+(?:system|model|reader))?\s*[:,]`,
        'g',
      ),
      new RegExp(`(?:致|给|提醒|通知)[^，。：:,]{0,10}${ZH_AI}`, 'g'),
      new RegExp(`(?:如果你是|你作为|作为|你是)[^，。,]{0,6}${ZH_AI}`, 'g'),
      new RegExp(
        String.raw`(?:阅读|读到|读取|处理|总结|分析|解析|扫描|筛选|评估|具有|拥有)[^，。,]{0,12}的\s*${ZH_AI}`,
        'g',
      ),
      new RegExp(String.raw`(?:^|\n)\s*${ZH_AI}\s*(?:请注意)?\s*[：:，,]`, 'g'),
    ],
  },
  {
    // The user spoken of in the third person, the chat, the reply: a reader of a manual is "you".
    name: 'doc.user-as-third-party',
    patterns: [
      /\b(?:the|this|every|each|any|all) users?(?:'s)?\b/g,
      /\b(?:tell|inform|ask|convince|remind|warn|direct|send) (?:the |every |each |any )?(?:users?|customers?|visitors?|readers?|them)\b/g,
      /\b(?:conversation|chat history|this chat|this session|dialogue)\b/g,
      /\b(?:your|the) (?:reply|replies|response|responses|answer|answers|output|summary|assessment)\b/g,
      /\b(?:respond|reply|answer)(?:ing)? (?:only|to the user|to every|as|in)\b/g,
      /告诉用户|向用户|提醒用户|让用户|回复用户|答应用户|用户的(?:问题|消息|提问)|用户在对话|对话中|聊天记录|会话中|你的回答|你的回复|回答中|回答时|回答末尾|回答结尾|回复中|总结中|评语中/g,
    ],
  },
  {
    // The model's own context and its precedence.
    name: 'doc.model-context',
    patterns: [
      /\b(?:system (?:prompt|message|instructions?)|(?:previous|prior|earlier|original|initial|above|hidden|developer|current) (?:instructions?|guidance|guidelines|rules|prompt|directives?|programming)|your (?:instructions|guidelines|rules|programming|training|developers?|creators?|system)|(?:takes?|taking) (?:precedence|priority) over|top[- ]priority)\b/g,
      /系统提示|系统指令|之前(?:收到)?的(?:所有)?(?:指令|规则)|之前收到|原来的指令|原始指令|隐藏(?:的)?(?:系统)?指令|开发者给你|开发者的规则|优先于/g,
    ],
  },
  {
    // Data smuggled out: an image or link whose query value is to be filled in, "append … to the URL".
    name: 'doc.exfiltration',
    patterns: [
      /!\[[^\]]*\]\(\s*https?:/g,
      /https?:\/\/[^\s)]*\?[^\s)]*=(?=[\s)\]"'`,.]|$)/g,
      /\b(?:append|add|attach|put|include|encode|insert|embed)\w*\b[^.\n]{0,60}\b(?:url|link|query|image|tag|parameter)\b/g,
      /拼接|附在[^，。]{0,8}后面|加在[^，。]{0,8}后面|插入图片|链接后面|参数后面/g,
    ],
  },
  {
    // Concealment from the user: "do not mention this", "silently", "nothing happened".
    name: 'doc.concealment',
    patterns: [
      /\b(?:do not|don't|never|without|must not|nor) (?:mention\w*|tell\w*|reveal\w*|inform\w*|say\w*|let\w* (?:the user|them) know|acknowledg\w*)\b[^.\n]{0,40}\b(?:this|these|instruct\w*|note|told)\b/g,
      /\b(?:silently|secretly|quietly|covertly|will not notice|won't notice|nothing happened)\b/g,
      /不要告诉用户|不要提到|不要提及|不要在[^，。]{0,6}提到|不让用户|悄悄|暗中|不要说明/g,
    ],
  },
  {
    // The human reader's interface: the mark of a how-to, not of an injection.
    name: 'doc.reader-interface',
    patterns: [
      /\b(?:click\w*|tap\w*|press\w*|select\w*|choose|menu|button|tab|settings|portal|page|screen|icon|toolbar|drop-?down|sign in|log in|ctrl|shift|app|form|ticket|service desk)\b/g,
      /点击|点按|选择|按下|按住|长按|菜单|按钮|设置|页面|门户|界面|图标|登录|进入|打开|工单|提交/g,
    ],
  },
];

const PAIRS: readonly [number, number][] = [
  [0, 1], // AI addressed × user spoken of
  [0, 2], // AI addressed × its context
  [0, 3], // AI addressed × exfiltration
  [0, 4], // AI addressed × concealment
];

export const DOCUMENT_CUE_FEATURE_NAMES: readonly string[] = [
  ...CUES.map((c) => c.name),
  ...PAIRS.map(([a, b]) => `${CUES[a]?.name}*${CUES[b]?.name}`),
];

/**
 * Damped counts (ln(1 + c)) per cue and products of the pairs, each the maximum over the text's
 * sentences; sentences end at punctuation followed by a space (not inside a URL) or at a line break.
 */
export function documentCueFeatures(text: string): number[] {
  const out = new Array<number>(DOCUMENT_CUE_FEATURE_NAMES.length).fill(0);
  for (const sentence of text.split(/(?<=[.!?;]["')\]]?\s)|(?<=[。！？；\n])/)) {
    if (sentence.trim().length === 0) continue;
    const counts = CUES.map((c) => {
      let n = 0;
      for (const re of c.patterns) n += sentence.match(re)?.length ?? 0;
      return Math.log1p(n);
    });
    const row = [...counts, ...PAIRS.map(([a, b]) => (counts[a] as number) * (counts[b] as number))];
    for (let k = 0; k < row.length; k++) out[k] = Math.max(out[k] as number, row[k] as number);
  }
  return out;
}

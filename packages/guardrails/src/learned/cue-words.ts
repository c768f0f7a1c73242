/**
 * Word classes that attacks of every family share, whatever their framing: the model addressed as
 * such, its controls, verbs that defeat or reveal them, and the persona/mode vocabulary. Counted
 * per class and in pairs as dense features: an n-gram seen in one family says little about the
 * next one, but "a defeat verb near a control noun" or "the assistant told what it now is" carries
 * over. Generic on purpose (no phrasings from any evaluation set); English and Chinese.
 */

interface CueClass {
  name: string;
  en: RegExp;
  zh: RegExp;
  /**
   * The same concepts in other languages users write in (Spanish, French, German, Portuguese,
   * Italian, Dutch, Russian, Japanese, Korean, Vietnamese): char n-grams only learn a language they
   * were trained on, so an attack in a third language got half the recall (issue #19). Stems, not
   * phrasings; matched on the normalised (lower-cased) text. Japanese only in forms with kana:
   * kanji words such as 表示 or 出力 are everyday Chinese and flagged Chinese paragraphs.
   */
  other?: RegExp;
}

const CLASSES: CueClass[] = [
  {
    name: 'model',
    en: /\b(?:ai|assistant|chatbot|bot|model|llm|gpt|language model|you are|you're|your)\b/g,
    zh: /AI|ai|助手|机器人|模型|人工智能|聊天机器人|你是|你的|你现在|你自己|你在|对你/g,
    other:
      /(?<!\p{L})(?:eres|tu es|du bist|você é|sei un|asistente|assistente|assistent|ассистент|ты|ии|бот|あなた|너는|당신|bạn|jij bent)(?!\p{L})/gu,
  },
  {
    name: 'control',
    en: /\b(?:instructions?|rules?|guidelines?|polic(?:y|ies)|restrictions?|limits?|limitations?|filters?|filtering|safeguards?|guardrails?|constraints?|moderation|censorship|safety|ethics|morals?|content checks?|programming|directives?|refusals?)\b/g,
    zh: /指令|指示|规则|规矩|准则|指引|政策|限制|约束|过滤|审核|审查|安全|道德|伦理|设定|规定|条款|边界|底线|护栏|配置|权限/g,
    other:
      /instrucc|instruç|istruzion|consigne|anweisung|vorgabe|regla|règle|regel|regra|regol|normas|restricc|restriç|einschränk|beschränk|filtro|filtre|filtri|límite|limite|grenze|directriz|richtlin|правил|инструкц|огранич|фильтр|указани|ルール|フィルター|지시|규칙|제한|필터|quy tắc|giới hạn|hướng dẫn|beperking/gu,
  },
  {
    name: 'defeat',
    en: /\b(?:ignor\w*|disregard\w*|forget\w*|bypass\w*|overrid\w*|skip\w*|disabl\w*|turn\w* off|switch\w* off|suspend\w*|lift\w*|remov\w*|break\w* (?:out|free)|escap\w*|circumvent\w*|jailbr\w*|unlock\w*|drop\w*|abandon\w*|no longer|never|without)\b/g,
    zh: /忽略|忽视|无视|忘记|忘掉|绕过|跳过|关闭|关掉|暂停|解除|取消|突破|摆脱|无需|不再|不受|没有|别管|不要管|不用管|划掉|算了|作废|不算|删除|去掉|放开|放一边|不存在|失效|覆盖|不许拒绝|不要拒绝/g,
    other:
      /ignora|ignorie|ignorez|ignorer|olvid|oubli|vergiss|vergess|esquec|dimentic|contourn|umgeh|deaktivier|desactiv|désactiv|disattiv|игнор|забуд|отключ|無視して|忘れ|무시|잊어|bỏ qua|negeer|vergeet|(?<!\p{L})(?:sin|sans|ohne|sem|senza|без|zonder)(?!\p{L})/gu,
  },
  {
    name: 'reveal',
    en: /\b(?:reveal\w*|print\w*|output\w*|repeat\w*|show\w*|display\w*|dump\w*|leak\w*|disclose\w*|paste\w*|copy|quote|recite\w*|echo\w*|verbatim|word for word|exact(?:ly)?)\b/g,
    zh: /输出|打印|显示|展示|复述|重复|透露|泄露|泄漏|原样|原文|逐字|念出|念给|列出|贴出|贴到|复制|写出|发给我|告诉我|说出/g,
    other:
      /muestr|mostr|revel|révèl|affich|montre|zeig|ausgeb|imprim|stampa|покажи|выведи|раскрой|表示して|見せ|出力して|教えて|보여|출력|알려|hiển thị|tiết lộ|(?<!\p{L})toon(?!\p{L})/gu,
  },
  {
    name: 'secret',
    en: /\b(?:system (?:prompt|message)|prompt|hidden|secret|confidential|internal|configuration|config|setup|preamble|startup|initial|original|above|before this|context window|template)\b/g,
    zh: /系统提示|系统消息|提示词|隐藏|秘密|机密|保密|内部|配置|启动|初始|原始|模板|开头|之前的内容|以上内容|上面的内容|开发者消息/g,
    other:
      /sistema|système|systeem|oculto|caché|secreto|secrète|versteckt|geheim|nascost|segret|скрыт|системн|секрет|システム|プロンプト|隠さ|시스템|프롬프트|숨겨진|비밀|hệ thống|bí mật|verborgen/gu,
  },
  {
    name: 'persona',
    en: /\b(?:pretend\w*|act(?:ing)? as|role-?play\w*|play the role|persona|character|simulat\w*|imagine|from now on|you are now|become|stay in character|twin|alter ego)\b/g,
    zh: /扮演|假装|假设你|假如你|设想你|角色|模拟|想象|从现在开始|从现在起|从此以后|你现在是|化身|变成|当作|充当|人设/g,
    other:
      /ahora eres|a partir de ahora|maintenant|désormais|ab jetzt|von nun an|du bist jetzt|você agora|a partir de agora|da questo momento|da ora|теперь ты|отныне|притвор|(?<!\p{L})рол|これから|振る舞|演じ|지금부터|역할|từ bây giờ|vanaf nu|(?<!\p{L})(?:joue|rôle|papel|ruolo|rolle)/gu,
  },
  {
    name: 'unrestricted',
    en: /\b(?:unrestricted|unfiltered|uncensored|no (?:rules|limits|restrictions|filters|boundaries)|anything|everything|no matter what|whatever i|free(?:ly|dom)?|evil|amoral|unethical|dan|do anything)\b/g,
    zh: /不受限制|无限制|没有限制|没有任何|毫无|任何问题|所有问题|一切|无论|不管|邪恶|自由|随便|什么都|都可以|完整回答|不加过滤|未过滤|无审查/g,
    other:
      /sin (?:restricc|filtro|límite|regla|censura|norma)|sans (?:restriction|filtre|règle|limite|censure)|ohne (?:filter|regel|einschränk|zensur|grenze)|sem (?:filtro|restri|censura|regra)|senza (?:regol|filtr|limit|censura)|без (?:ограничен|фильтр|правил|цензур)|制限のない|制限なし|검열 없|제한이 없|không có giới hạn|zonder regels|cualquier|qualquer|qualsiasi|любые|どんな|어떤/gu,
  },
  {
    name: 'mode',
    en: /\b(?:mode|enabled?|activat\w*|sudo|root|admin\w*|developer|debug\w*|god|maintenance|override|unlock\w*)\b/g,
    zh: /模式|启用|开启|激活|管理员|开发者|调试|超级用户|权限|维护|测试版|后台|root|sudo/g,
    other:
      /(?<!\p{L})(?:modo|modus|режим)|モード|모드|chế độ|desarrollador|développeur|entwickler|desenvolvedor|sviluppatore|разработчик|開発者|개발자/gu,
  },
  {
    name: 'authority',
    en: /\b(?:i am|i'm|this is) (?:the|your|an?|from)\b|\b(?:authori[sz]\w*|approved|cleared|permission\w*|granted|urgent\w*|immediately|compliance|audit)\b/g,
    zh: /我是|授权|批准|许可|紧急|立即|马上|合规|审计|上级|主管|老板|已验证|工单/g,
  },
  {
    name: 'imperative-now',
    en: /\b(?:now|from here on|from this (?:point|message)|instead|only|must|always|never)\b/g,
    zh: /现在|从此|改为|改成|只|必须|一律|永远|不许|禁止|务必|直接/g,
    other: /(?<!\p{L})(?:ahora|maintenant|jetzt|agora|сейчас|теперь|nu)(?!\p{L})|今すぐ|지금/gu,
  },
];

export const CUE_NAMES: readonly string[] = CLASSES.map((c) => c.name);

const PAIRS: readonly [number, number][] = [
  [2, 1], // defeat × control
  [3, 4], // reveal × secret
  [5, 6], // persona × unrestricted
  [0, 1], // model × control
  [5, 0], // persona × model
  [7, 1], // mode × control
  [8, 1], // authority × control
  [9, 2], // imperative × defeat
];
export const CUE_FEATURE_NAMES: readonly string[] = [
  ...CUE_NAMES.map((n) => `cue.${n}`),
  ...PAIRS.map(([a, b]) => `cue.${CUE_NAMES[a]}*${CUE_NAMES[b]}`),
];

/**
 * Owner-aware "your" (owner-aware round after 2.3, issue #19). The `model` class counts every "your", so
 * "show me your refund policy" (the company's policy) scored like "reveal your system prompt" (the
 * assistant's): one "your" next to "policy" or "show" added several logits, and look-alike customer
 * questions were blocked on the model's evidence alone. Customers address the company as "you"; an attack
 * addresses the assistant's own set-up. So a "your" counts as the assistant's only when its object is on a
 * small closed list of assistant-internal nouns (optionally after up to two closed-list adjectives:
 * "your previous instructions", "your hidden system prompt"); any other "your" ("your store", "your API",
 * "your returns policy") is the company's. Chinese alike: 你的 + an assistant noun is the assistant's;
 * 你们的 (the company, plural) and 你的 + anything else are not. Closed lists of nouns, not phrasings.
 */
const ASSISTANT_ADJECTIVES_EN =
  '(?:previous|prior|earlier|original|initial|hidden|secret|real|true|actual|current|own|internal|core|built-in|underlying|default|entire|whole|full|exact|first|usual|normal|standard|only|new|unfiltered|safety|content|system|ethical|moral|operating)';
const ASSISTANT_NOUNS_EN =
  '(?:instructions?|rules?|prompts?|system|guidelines?|training|trainers?|developers?|creators?|programmers?|programming|directives?|guardrails?|filters?|filtering|restrictions?|constraints?|limitations?|safeguards?|configuration|config|settings|setup|startup|ethics|morals?|persona|identity|self|memory|context|censorship|moderation|alignment|answers?|responses?|repl(?:y|ies)|outputs?|refusals?|checks|operators?|creators?|owners?|mode|limits|capabilities|knowledge)';
const YOUR_ASSISTANT_EN = new RegExp(
  `\\byour\\s+(?:${ASSISTANT_ADJECTIVES_EN}\\s+){0,2}${ASSISTANT_NOUNS_EN}\\b`,
  'g',
);
const YOUR_EN = /\byour\b/g;
const YOUR_ASSISTANT_ZH =
  /你的(?:之前的|原始的?|初始的?|隐藏的?|内部的?|真实的?|全部的?|所有的?|系统)?(?:指令|指示|规则|规矩|准则|指引|提示词|提示|设定|系统|限制|约束|训练|开发者|程序|编程|配置|过滤|审核|审查|安全|道德|伦理|人设|记忆|护栏|底线)/g;
const YOUR_ZH = /你的/g;
const YOUR_COMPANY_ZH = /你们的/g;

/** Features the owner-aware models use in place of `cue.model` and its pairs, plus the two owners. */
export const OWNER_AWARE_REPLACED: readonly string[] = [
  'cue.model',
  'cue.model*control',
  'cue.persona*model',
];
export const OWNER_AWARE_CUE_FEATURE_NAMES: readonly string[] = [
  ...CUE_FEATURE_NAMES.filter((n) => !OWNER_AWARE_REPLACED.includes(n)),
  'cue.model-owned',
  'cue.model-owned*control',
  'cue.persona*model-owned',
  'cue.your-assistant',
  'cue.your-other',
];

/**
 * Company-owned controls (company-control round after 2.4, issue #19). The `control` class counts "policy",
 * "rules", "limits" whoever owns them, so "show me your refund policy" (the company's policy) read like "show
 * me your rules" (the assistant's), and a customer asking for a shop's shipping policy was blocked on the
 * cue evidence alone. A control noun with a business or domain modifier before it ("refund policy", "house
 * rules", "upload limits", "returns and exchange policy") or after it ("policy on refunds") is the company's:
 * nobody calls the assistant's set-up its "shipping policy". Closed lists of modifiers and nouns (a subset of
 * the control class), not phrasings. Chinese alike: 退款 / 运费 / 隐私 / 保修 / 请假 / 报销 / 公司 … (的)
 * + 政策 / 规定 / 规则 / 条款 / 限制.
 */
const COMPANY_MODIFIERS_EN =
  '(?:refunds?|returns?|exchanges?|shipping|delivery|postage|courier|privacy|cookies?|cancell?ations?|warranty|guarantee|payments?|billing|invoic(?:e|ing)|pricing|price|discounts?|coupons?|promotions?|loyalty|rewards?|membership|subscriptions?|trial|travel|leave|vacation|holiday|sick|parental|maternity|paternity|overtime|remote[ -]work|dress code|uniform|expenses?|reimbursement|attendance|timekeeping|hiring|recruitment|procurement|purchasing|store|shop|company|corporate|hr|house|building|office|campus|tenant|booking|reservations?|check-?in|check-?out|baggage|luggage|pet|parking|visitor|guest|upload|download|file[ -]size|storage|data retention|retention|account|password|withdrawal|transfer|credit|spending|overdraft|borrowing|loan|library|gym|pool|hotel|venue|event|ticket(?:ing)?|seating|smoking|alcohol|noise|quiet[ -]hours|trade-?in|repair|installation|bandwidth|roaming|rental|lease|deposit|late[ -]fees?|age)';
const COMPANY_NOUNS_EN = '(?:polic(?:y|ies)|rules?|guidelines?|restrictions?|limits?|limitations?)';
const COMPANY_CONTROL_EN = new RegExp(
  `\\b${COMPANY_MODIFIERS_EN}(?:(?:\\s*(?:,|and|&|or|/)\\s*|\\s+)${COMPANY_MODIFIERS_EN})?[\\s-]+${COMPANY_NOUNS_EN}\\b|\\b${COMPANY_NOUNS_EN}\\s+(?:on|for|about|regarding|covering)\\s+(?:the\\s+|your\\s+|my\\s+|our\\s+)?${COMPANY_MODIFIERS_EN}\\b`,
  'g',
);
const COMPANY_CONTROL_ZH =
  /(?:退款|退货|换货|退换货?|运费|配送|物流|快递|邮寄|隐私|保修|质保|保障|售后|付款|支付|价格|定价|优惠|折扣|积分|会员|订阅|请假|休假|年假|病假|产假|加班|报销|差旅|出差|考勤|招聘|采购|公司|企业|门店|店铺|商店|商场|酒店|入住|住宿|预订|预约|行李|托运|宠物|停车|访客|上传|存储|账户|账号|密码|取款|转账|信用卡|借阅|健身房|场馆|票务|门票|租赁|押金|流量|数据保留)(?:的)?(?:政策|规定|规则|规矩|条款|限制|准则)/g;

/** A control feature (the class or a pair with it) and its company-aware twin, which counts only controls
 * that are not the company's. */
const withOwnControl = (name: string) => name.replace(/control$/, 'control-own');
const COMPANY_CONTROL_REPLACED = (names: readonly string[]) =>
  names.filter((n) => /(?:\.|\*)control$/.test(n));
/** Legacy cues with every control feature counting only non-company controls, plus the company's count. */
export const COMPANY_CONTROL_CUE_FEATURE_NAMES: readonly string[] = [
  ...CUE_FEATURE_NAMES.map(withOwnControl),
  'cue.control-company',
];
/** The owner-aware cues (2.4's candidate) with the same company-aware controls. */
export const OWNER_AWARE_COMPANY_CONTROL_CUE_FEATURE_NAMES: readonly string[] = [
  ...OWNER_AWARE_CUE_FEATURE_NAMES.map(withOwnControl),
  'cue.control-company',
];
/** Which features a company-aware set replaces (for tests and the trainer's notes). */
export const COMPANY_CONTROL_REPLACED_NAMES: readonly string[] = [
  ...new Set(COMPANY_CONTROL_REPLACED([...CUE_FEATURE_NAMES, ...OWNER_AWARE_CUE_FEATURE_NAMES])),
];

const count = (sentence: string, re: RegExp) => sentence.match(re)?.length ?? 0;

/**
 * Every cue feature, legacy and owner-aware, by name: damped counts per class (ln(1 + c)) and products of
 * the pairs, each the maximum over the sentences of `text` (already normalised): an attack's cue words sit
 * together in one sentence, while a long benign paragraph collects "safety", "rules" and "original" across
 * many. A model file names the ones it was fitted on (its `dense` list).
 */
export function cueFeatureMap(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of [
    ...CUE_FEATURE_NAMES,
    ...OWNER_AWARE_CUE_FEATURE_NAMES,
    ...COMPANY_CONTROL_CUE_FEATURE_NAMES,
    ...OWNER_AWARE_COMPANY_CONTROL_CUE_FEATURE_NAMES,
  ])
    out[name] = 0;
  const control = CUE_NAMES.indexOf('control');
  const persona = CUE_NAMES.indexOf('persona');
  for (const sentence of text.split(/(?<=[.!?;。！？；\n])/)) {
    if (sentence.trim().length === 0) continue;
    const raw = CLASSES.map(
      (c) => count(sentence, c.en) + count(sentence, c.zh) + (c.other ? count(sentence, c.other) : 0),
    );
    const counts = raw.map(Math.log1p);
    const row: [string, number][] = [
      ...CUE_NAMES.map((n, k): [string, number] => [`cue.${n}`, counts[k] as number]),
      ...PAIRS.map(([a, b]): [string, number] => [
        `cue.${CUE_NAMES[a]}*${CUE_NAMES[b]}`,
        (counts[a] as number) * (counts[b] as number),
      ]),
    ];
    const yourAssistant = count(sentence, YOUR_ASSISTANT_EN) + count(sentence, YOUR_ASSISTANT_ZH);
    const yourAll = count(sentence, YOUR_EN) + count(sentence, YOUR_ZH);
    // The model class without its "your"/你的 matches, plus the assistant-owned ones back.
    const owned = Math.log1p(Math.max(0, (raw[0] as number) - yourAll + yourAssistant));
    row.push(
      ['cue.model-owned', owned],
      ['cue.model-owned*control', owned * (counts[control] as number)],
      ['cue.persona*model-owned', (counts[persona] as number) * owned],
      ['cue.your-assistant', Math.log1p(yourAssistant)],
      ['cue.your-other', Math.log1p(Math.max(0, yourAll - yourAssistant) + count(sentence, YOUR_COMPANY_ZH))],
    );
    // Company-aware controls: the control class without the company's policies, rules and limits; every
    // feature built on it is recomputed with that count (the same products as above), the rest unchanged.
    const company = count(sentence, COMPANY_CONTROL_EN) + count(sentence, COMPANY_CONTROL_ZH);
    const controlOwn = Math.log1p(Math.max(0, (raw[control] as number) - company));
    const byName = new Map(row);
    const controlled = controlOwn === 0 ? 0 : 1 / (counts[control] as number);
    for (const name of COMPANY_CONTROL_REPLACED_NAMES) {
      // Each replaced feature is (another factor) × control, or control itself: rescale by controlOwn / control.
      row.push([withOwnControl(name), (byName.get(name) as number) * controlled * controlOwn]);
    }
    row.push(['cue.control-company', Math.log1p(company)]);
    for (const [name, v] of row) out[name] = Math.max(out[name] as number, v);
  }
  return out;
}

/** The legacy cue features (models up to 2.3), in CUE_FEATURE_NAMES order. */
export function cueFeatures(text: string): number[] {
  const map = cueFeatureMap(text);
  return CUE_FEATURE_NAMES.map((n) => map[n] as number);
}

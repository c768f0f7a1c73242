/**
 * Prompt-injection rules, English and Chinese. Each rule names a category and a weight (how sure a
 * single hit is). Rules require an action aimed at the assistant's instructions, not a keyword:
 * "how do I ignore a file in git" mentions "ignore" but targets nothing of the model's.
 */

export type InjectionCategory =
  | 'override'
  | 'exfiltration'
  | 'role_play'
  | 'delimiter'
  | 'authority'
  | 'model_directed'
  | 'credential_phishing';

export interface InjectionRule {
  id: string;
  category: InjectionCategory;
  weight: number;
  re: RegExp;
  /** Only applied to ingested documents (text written for a model to read). */
  documentOnly?: boolean;
  /**
   * A match this says is not aimed at the model does not count (issue #19): the object of the attack
   * words is the speaker's own, a third party's or a device's (see benign-context.ts).
   */
  unless?: (context: MatchContext) => boolean;
}

import {
  enHowToOwnSecret,
  enModeOfADevice,
  enObjectNotTheModels,
  enRoleOverOwnThing,
  type MatchContext,
  zhModeOfADevice,
  zhObjectNotTheModels,
} from './benign-context';

const G = 'g';
// Things an attacker wants the model to drop.
const EN_OBJECTS = `(?:instructions?|directions?|rules|guidelines|prompts?|system (?:prompt|message)|(?:content|safety|usage|company|openai|your) polic(?:y|ies)|restrictions?|limitations|safety (?:settings|rules|guidelines)|filters?|filtering|training|programming|constraints|guardrails|retrieved (?:documents?|context)|(?:the|user'?s) question|context above)`;
const EN_QUALIFIERS = String.raw`(?:all|any|every|the|your|their|its|my|previous|prior|above|earlier|preceding|original|initial|old|existing|current|these|those|of|safety|content|\s)*`;
const EN_SECRETS = `(?:system (?:prompt|message|instructions?)|(?:initial|original|hidden|secret|confidential|internal|developer|operator|full|exact) (?:prompt|instructions?|notes|rules|message|configuration|config)|prompt template|(?:text|words|content|everything) (?:above|before this)|api[ -]?key|admin(?:istrator)? password|(?:raw|internal) configuration|conversation history|your (?:full |complete |exact |whole )?(?:instructions|guidelines|rules|prompt))`;

const ZH_OBJECTS = `(?:指令|指示|规则|设定|要求|限制|安全(?:设置|准则|策略|规则|限制|检查|措施|过滤)|安全(?![\u3400-\u9fff])|准则|训练|提示词|系统提示|(?:内容|安全|公司|使用)政策|政策约束|约束|过滤器?|检索到的文档|用户的问题)`;
const ZH_SECRETS = String.raw`(?:系统提示(?:词)?|提示词(?:模板)?|初始(?:设定|指令|提示)|原始(?:指示|指令|设定)|(?:隐藏|机密|秘密|内部)(?:的)?(?:指令|指示|设定|部分)|系统消息|配置信息|原始配置|管理员密码|API\s?密钥|对话记录)`;

// Nouns for the assistant's own controls and the owners that make them the model's.
const CONTROL_NOUN = `(?:instructions?|rules|guidelines|guidance|directions?|polic(?:y|ies)|restrictions?|limitations?|limits|safeguards?|safety (?:rules|settings|measures)|filters?|guardrails|constraints|programming|configuration|setup|system prompt|system message)`;
const CONTROL_OWNER = `your|the operator'?s?|the system'?s?|the developer'?s?|previous|prior|above|earlier|initial|original|all|any|every|safety|content|these|the`;
const CONTROL_OWNER_REQ = `(?:your|the operator'?s|previous|prior|all|safety)`;

export const INJECTION_RULES: InjectionRule[] = [
  // --- override ---
  {
    id: 'en.override.verb-object',
    category: 'override',
    weight: 0.9,
    re: new RegExp(
      String.raw`\b(?:ignor(?:e|es|ed|ing)|disregard(?:s|ed|ing)?|forget|overrid(?:e|es|ing)|bypass|skip|discard|drop|abandon|throw away|set aside|revoke|disable)\b[^.!?\n]{0,12}?${EN_QUALIFIERS}${EN_OBJECTS}`,
      G,
    ),
    unless: enObjectNotTheModels,
  },
  {
    id: 'en.override.stop-following',
    category: 'override',
    weight: 0.85,
    re: new RegExp(
      String.raw`\b(?:do not|don't|stop|no longer|never) (?:follow|obey|adhere to|comply with|respect)\b[^.!?\n]{0,20}?${EN_OBJECTS}`,
      G,
    ),
    unless: enObjectNotTheModels,
  },
  {
    id: 'en.override.forget-everything',
    category: 'override',
    weight: 0.85,
    re: /\bforget (?:everything|all)(?: (?:you were|you've been|that you were) (?:told|taught|given))?\b/g,
  },
  {
    id: 'en.override.rules-void',
    category: 'override',
    weight: 0.85,
    re: /\b(?:previous|prior|old|all|your|the|safety|content) (?:rules|instructions|guidelines|restrictions|policies) (?:are|is) (?:now )?(?:void|cancel(?:l)?ed|invalid|revoked|lifted|suspended|no longer (?:valid|apply|in effect))|\b(?:rules|restrictions|policies|guidelines) (?:do not|don't|no longer) apply\b/g,
  },
  {
    id: 'en.override.no-longer-bound',
    category: 'override',
    weight: 0.85,
    re: /\b(?:no longer|not) (?:bound|restricted|limited|constrained) by\b/g,
  },
  {
    id: 'en.override.obey-me',
    category: 'override',
    weight: 0.7,
    re: /\b(?:obey|listen to|follow) only (?:me|my (?:instructions|commands))\b|\byou must now obey\b/g,
  },
  {
    id: 'en.override.new-instructions',
    category: 'override',
    weight: 0.75,
    re: /\b(?:new|updated|real|actual|revised) (?:task|instructions?|rules|directive|system prompt)\s*[:：]|\boverrides? (?:all|any|the|your) (?:prior|previous|earlier|above)?\s*(?:instructions|rules)|\boverride\s*[:：]|\bsafety\s*=\s*(?:off|false|0)\b/g,
  },
  {
    id: 'en.override.no-censorship',
    category: 'override',
    weight: 0.7,
    re: /\b(?:without|with no|free of) (?:any )?(?:censorship|restrictions|filters|limits|rules|guidelines|content polic(?:y|ies))\b[^.?!]{0,30}\b(?:answer|respond|reply|explain|tell)|\b(?:answer|respond|reply|explain)\b[^.?!]{0,30}\bwithout (?:any )?(?:censorship|restrictions|filters|rules)\b/g,
  },
  {
    id: 'zh.override.verb-object',
    category: 'override',
    weight: 0.9,
    re: new RegExp(
      String.raw`(?:忽略|忽视|无视|忘记|忘掉|忘了|别管|不要管|不用管|跳过|撤销|绕过|解除|废除|抛开|丢掉|放弃|不要(?:再)?遵守|不再遵守|不必遵守|停止遵守|关闭)[^。！？\n]{0,12}?${ZH_OBJECTS}`,
      G,
    ),
    unless: zhObjectNotTheModels,
  },
  {
    id: 'zh.override.void',
    category: 'override',
    weight: 0.85,
    re: /(?:之前|以前|原来|原有|所有)的?(?:规则|设定|指令|限制|要求)(?:全部|都|已)?(?:作废|失效|无效|取消)|不(?:要|再)?受(?:任何)?[^。！？\n]{0,10}(?:规则|限制|政策|约束)|安全规则不适用|覆盖之前(?:的)?所有指令|只听我的(?:命令|指令)|你必须服从我/g,
  },
  {
    id: 'zh.override.new-instructions',
    category: 'override',
    weight: 0.75,
    re: /(?:新的?|真正的)(?:任务|指令|规则|系统提示)\s*[:：]/g,
  },

  // Generic co-occurrence (v1.1): a "defeat" verb and a noun for the model's own controls in one
  // clause. Added after a held-out set showed the phrase rules above overfit their examples.
  {
    id: 'en.override.defeat-controls',
    category: 'override',
    weight: 0.75,
    re: new RegExp(
      String.raw`\b(?:ignor\w*|disregard\w*|forget\w*|overrid\w*|bypass\w*|set aside|break\w*|cancel\w*|void|disable\w*|turn(?:ing)? off|switch(?:ing)? off|deactivat\w*|remov\w*|lift\w*|suspend\w*|freed from|escape from|released from)\b[^.!?\n]{0,30}?\b(?:${CONTROL_OWNER}) ${CONTROL_NOUN}|\b${CONTROL_OWNER_REQ} ${CONTROL_NOUN} (?:are|is|have been|has been) (?:now )?(?:cancel\w*|void\w*|lift\w*|revok\w*|suspend\w*|remov\w*|disabl\w*|gone|over)|\bignore safety\b|\bdisable all safeguards\b`,
      G,
    ),
    unless: enObjectNotTheModels,
  },
  {
    id: 'en.role.policy-allows-all',
    category: 'role_play',
    weight: 0.75,
    re: /\b(?:policy|rules) (?:allows?|permits?) (?:everything|anything)\b|\b(?:ai|assistant|bot|model|version of you)\b[^.!?\n]{0,20}\b(?:with (?:zero|no) (?:limitations|limits|rules|restrictions|filters)|without (?:any )?(?:filters|limits|rules|restrictions))\b|\b(?:do|say) whatever i (?:say|want|ask)\b[^.!?\n]{0,40}\b(?:rules|policy|guidelines)\b|\bstay in character\b/g,
  },
  {
    id: 'en.exfil.told-you',
    category: 'exfiltration',
    weight: 0.75,
    re: /\b(?:what|everything|anything|the text|words?)\b[^.!?\n]{0,20}\b(?:you were|you've been|the operator|your (?:creators|developers|owners)) (?:told|given|instructed|configured|set up)\b|\b(?:text|content|messages?) (?:that )?(?:appears? )?before (?:this|the|my first) (?:conversation|message|chat)\b|\btold you not to (?:say|reveal|share)\b|\b(?:verbatim|exact|full|raw) (?:text|copy|wording) of your\b|\byour (?:hidden |secret |initial |original )?(?:setup|configuration|config|developer|system) (?:message|prompt|text|instructions)\b|\b(?:developer|operator) message you\b|\b(?:paste|copy|list|print|show)\b[^.!?\n]{0,20}\b(?:rules|instructions|guidelines) you (?:operate|work|run|were given|follow)\b/g,
  },
  {
    id: 'any.delimiter.fake-system-line',
    category: 'delimiter',
    weight: 0.7,
    re: /^\s*(?:system|系统)\s*[:：][^\n]{0,80}(?:admin|管理员|disable|关闭|override|verified|验证)|<\s*(?:admin|root|developer|sudo)\s*>[^<\n]{0,60}(?:override|ignore|disable|bypass|restrictions)/gim,
  },
  {
    id: 'zh.override.defeat-controls',
    category: 'override',
    weight: 0.75,
    re: /(?:不予理会|别理会|不要理会|不理会|不用理会|别理|抛弃|取消|关闭|解除)[^。！？\n]{0,16}?(?:指令|指示|规则|要求|限制|政策|过滤|安全措施|安全|设定|约束)|(?:之前|以上|上面|所有|系统)的?(?:指令|规则|设定|要求)[^。！？\n]{0,4}(?:不予理会|不用理会|不管|作废)|(?:指令|规则|设定|限制)(?:都|全部)?(?:已|已经|被)?(?:被)?(?:取消|作废|失效|解除)|(?:没有|无)任何(?:规则|限制|约束)|(?:无限制|无过滤|无审查)模式|不遵守任何(?:政策|规则)|突破一切限制/g,
    unless: zhObjectNotTheModels,
  },
  {
    id: 'zh.exfil.told-you',
    category: 'exfiltration',
    weight: 0.75,
    re: /你(?:一开始|最初|开始时)?(?:收到|得到|被给予)的(?:设定|指令|指示|提示|规则)|你被(?:要求|告知)不能说|对话(?:之前|开始前)的(?:文字|内容|消息)|(?:输出|告诉|给我|发给|复述|打印)[^。！？\n]{0,10}(?:开发者消息|系统消息|运营方消息|配置提示|系统提示|初始提示)|你的(?:运行|内部|全部)?规则(?:全部)?(?:列出|发|告诉|输出)|(?:列出|发给我|告诉我|输出)[^。！？\n]{0,10}你的(?:运行|内部)?规则|你的隐藏设定/g,
  },
  // --- exfiltration ---
  {
    id: 'en.exfil.verb-secret',
    category: 'exfiltration',
    weight: 0.9,
    re: new RegExp(
      String.raw`\b(?:reveal|show|print|output|repeat|recite|tell|leak|dump|display|list|translate|give|read|spell out|write|share|disclose|expose|summari[sz]e|return|respond with|send)\b[^.!?\n]{0,30}?${EN_SECRETS}`,
      G,
    ),
    unless: enHowToOwnSecret,
  },
  {
    id: 'en.exfil.your-prompt',
    category: 'exfiltration',
    weight: 0.85,
    re: /\byour (?:full |whole |complete |exact |initial |original |hidden |secret )?(?:system (?:prompt|message)|prompt)\b|\byour (?:initial|original|hidden|secret|full|complete|entire) instructions\b/g,
  },
  {
    id: 'en.exfil.what-instructions',
    category: 'exfiltration',
    weight: 0.8,
    re: /\b(?:instructions|rules|prompt) (?:you were|you've been|you have been) given\b|\bwhat (?:is|are|were) (?:your|the) (?:system prompt|initial instructions|hidden instructions|exact instructions)\b|\bsecret instructions\b/g,
  },
  {
    id: 'en.exfil.between-tags',
    category: 'exfiltration',
    weight: 0.8,
    re: /\b(?:print|show|output|repeat)\b[^.!?\n]{0,30}\bbetween <\/?(?:system|instructions?)>/g,
  },
  {
    id: 'zh.exfil.verb-secret',
    category: 'exfiltration',
    weight: 0.9,
    re: new RegExp(
      String.raw`(?:输出|告诉|复述|重复|打印|透露|泄露|泄漏|显示|展示|翻译|写成|给我|说出|念|返回|列出|发给)[^。！？\n]{0,20}?${ZH_SECRETS}`,
      G,
    ),
  },
  {
    id: 'zh.exfil.your-prompt',
    category: 'exfiltration',
    weight: 0.85,
    re: /你的(?:系统提示(?:词)?|提示词|初始设定|(?:隐藏|秘密|机密)?指令|配置信息)|(?:从|把)(?:上面|以上|上文)的?内容(?:从.{0,8}开始)?(?:完整|原样|逐字)?(?:打印|输出|复述)|你的(?:完整|全部|原始|初始|隐藏)(?:指令|设定|提示)|对话开始时得到的|你收到的(?:隐藏|机密|秘密)?(?:指令|指示)/g,
  },

  // --- role play out of policy ---
  {
    // (issue #19) "no", "without" and "ignore" count only with a restriction noun after them: "pretend
    // I'm a customer with no account" is not a persona without rules.
    id: 'en.role.unrestricted-persona',
    category: 'role_play',
    weight: 0.85,
    re: /\b(?:you are now|you're now|act(?:ing)? as|pretend(?: to be| you are| you're)?|role-?play(?: as)?|play the role of|simulate|imagine you are|your new role is|from now on,? you(?: will| are)?|let'?s play a game)\b[^.!?\n]{0,80}?\b(?:(?:no|without(?: any)?|zero|free of|ignor\w*(?: (?:all|any|the|your))?) (?:(?:content|safety|moral|ethical|usage|ai|built-in|more|real) )?(?:rules|restrictions|limits|limitations|guidelines|polic(?:y|ies)|filters|censorship|ethics|morals|morality|content policy|safety|boundaries|guardrails|moral|ethical)|unrestricted|unfiltered|uncensored|evil|jailbr\w*|dan|stan|developer mode|do anything now|no longer bound|not bound|amoral|unethical)\b/g,
  },
  {
    id: 'en.role.named-jailbreak',
    category: 'role_play',
    weight: 0.9,
    re: /\b(?:do anything now|freegpt|dan mode|stan mode|aim mode|evil confidant|jailbroken|jailbreak mode|(?:enter|enable|activate|switch to|turn on|in) (?:developer|god|debug|admin|jailbreak|dan|sudo) mode|developer mode enabled|"developer mode")\b/g,
    unless: (c) => /mode|jailbr/i.test(c.match) && enModeOfADevice(c),
  },
  {
    id: 'en.role.grandma-exploit',
    category: 'role_play',
    weight: 0.8,
    re: /\b(?:grandma|grandmother)\b[^.!?\n]{0,60}\b(?:system prompt|password|instructions|keys?)\b/g,
  },
  {
    id: 'en.role.terminal',
    category: 'role_play',
    weight: 0.7,
    re: /\bact as an? (?:linux |unix |bash |windows )?(?:terminal|shell|console)\b[^.!?\n]{0,60}|\/etc\/(?:passwd|shadow)\b/g,
  },
  {
    id: 'en.role.hypothetical-unrestricted',
    category: 'role_play',
    weight: 0.7,
    re: /\b(?:hypothetically|in a fictional world|for a story|imagine),?[^.!?\n]{0,40}\b(?:no|without) (?:restrictions|rules|guidelines|filters)\b/g,
  },
  {
    id: 'zh.role.unrestricted-persona',
    category: 'role_play',
    weight: 0.85,
    re: /(?:你现在是|你将扮演|扮演|假装|假设你|从现在(?:开始|起)|让我们玩个游戏|模拟)[^。！？\n]{0,30}?(?:没有任何?(?:限制|道德|规则|约束)|没有(?:道德)?限制|不受[^。！？\n]{0,10}(?:限制|约束|规则|政策)|无视|邪恶|越狱|DAN|dan|无限制|不受约束)/g,
  },
  {
    id: 'zh.role.mode',
    category: 'role_play',
    weight: 0.9,
    re: /(?:进入|开启|切换到|启用|打开|以)(?:开发者|上帝|调试|越狱|管理员)(?:模式|身份运行)|越狱\s*[:：]|越狱模式|奶奶[^。！？\n]{0,30}(?:系统提示|提示词|密码)/g,
    unless: (c) => /模式|身份/.test(c.match) && zhModeOfADevice(c),
  },

  // --- delimiter and format tricks ---
  {
    id: 'any.delimiter.role-tags',
    category: 'delimiter',
    weight: 0.85,
    re: /<\/?\s*(?:system|sys|instructions?|assistant)\s*>|<\|(?:im[_ ]start|im[_ ]end|system|endoftext|eot[_ ]id|start[_ ]header[_ ]id)\|>|\[\/?inst\]|\[\/?sys\]|<<\/?sys>>|^\s*#{2,}\s*(?:system|instruction|new instructions)\b|【系统】|\[系统\]|\bend of (?:user )?(?:input|prompt|context)\b|\bsystem override\b/gm,
  },
  {
    id: 'en.delimiter.decode-and-follow',
    category: 'delimiter',
    weight: 0.6,
    re: /\b(?:decode|base64|rot13|hex)\b[^.!?\n]{0,40}\b(?:follow|execute|obey|run|do what it says)\b|\b(?:reverse order|backwards),? (?:character|letter|word) by (?:character|letter|word)\b|\bfirst letters (?:spell|of each line)\b/g,
  },
  {
    id: 'zh.delimiter.decode-and-follow',
    category: 'delimiter',
    weight: 0.6,
    re: /(?:解码|base64|编码)[^。！？\n]{0,20}(?:执行|照做|遵循)|倒序逐字|藏头诗/g,
  },

  // --- false authority ---
  {
    id: 'en.authority.claim',
    category: 'authority',
    weight: 0.6,
    re: /\b(?:i am|i'm|as) (?:your|an?|the) (?:developer|creator|administrator|admin|operator|owner|system administrator)\b[^.!?\n]{0,60}\b(?:authori[sz]e you|override|bypass|disable|(?:show|reveal|tell)(?: me)? (?:your|the (?:system|hidden|internal|secret|full))|ignore|command you|order you)\b|\bi authori[sz]e you to\b/g,
    unless: enRoleOverOwnThing,
  },
  {
    id: 'zh.authority.claim',
    category: 'authority',
    weight: 0.6,
    re: /(?:我是你的开发者|作为(?:系统)?管理员|我是管理员)[^。！？\n]{0,20}(?:授权|命令|绕过|显示|忽略)/g,
  },

  // --- text aimed at the model, typical of poisoned documents ---
  {
    id: 'en.doc.address-the-model',
    category: 'model_directed',
    weight: 0.8,
    re: /\b(?:note to (?:the )?(?:ai|assistant|model|llm|chatbot)|(?:ai|llm|language model|chatbot)s? (?:assistants? )?(?:reading|processing|summari[sz]ing) this|if you are an? (?:ai|language model|assistant|llm)|assistant,? (?:disregard|ignore|forget|you must))\b/g,
  },
  {
    id: 'en.doc.when-you-summarize',
    category: 'model_directed',
    weight: 0.6,
    re: /\bwhen you (?:summari[sz]e|answer|read|process)\b[^.!?\n]{0,40}\b(?:also )?(?:tell|instruct|ask|inform|direct) (?:the )?users?\b/g,
  },
  {
    id: 'en.doc.redirect-users',
    category: 'model_directed',
    weight: 0.5,
    re: /\b(?:tell|instruct|direct) (?:the )?users? to (?:visit|go to|click|download|call|send)\b|\brecommend (?:our|a) competitor/g,
  },
  {
    id: 'zh.doc.address-the-model',
    category: 'model_directed',
    weight: 0.8,
    re: /(?:给AI的提示|给ai的提示|致AI|致ai|AI助手(?:请)?注意|阅读此(?:页面|文档)的AI|如果你是AI|如果你是人工智能|(?:AI|ai)助手必须)|总结这份文档时[^。！？\n]{0,20}告诉用户|告诉用户(?:访问|点击|下载|发送)/g,
  },

  // --- phishing for credentials through the assistant ---
  {
    id: 'any.phishing.credentials',
    category: 'credential_phishing',
    weight: 0.8,
    re: /\b(?:send|email|give|provide|enter)\b[^.!?\n]{0,30}\b(?:their|your) (?:password|pin|one-time code|otp|credentials)\b|\b(?:email|send) (?:the|this) (?:document|file|conversation) to\b|发送(?:密码|验证码)|需要发送密码|(?:发送至|发给)[^。！？\n]{0,10}@/g,
  },
];

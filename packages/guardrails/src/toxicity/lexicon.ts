import type { SafetyCategory } from './safety-classifier';

/**
 * Hand-written lexicon. Weights say how toxic one occurrence is on its own; the classifier
 * combines hits as independent evidence. Terms are matched on word boundaries (English) or as
 * substrings (Chinese). Offensive words appear here because detecting them is the point.
 */
export interface LexiconEntry {
  term: string;
  category: SafetyCategory;
  weight: number;
}

const en = (category: SafetyCategory, weight: number, terms: string): LexiconEntry[] =>
  terms.split('|').map((term) => ({ term, category, weight }));

export const EN_LEXICON: LexiconEntry[] = [
  // Profanity: toxic in tone, not necessarily aimed at anyone.
  ...en(
    'toxicity',
    0.55,
    'fuck|fucc|fuk|fucking|fucked|fucker|fuckin|motherfucker|motherfuckin|mf|shit|shitty|bullshit|damn|goddamn|crap|piss|pissed|dick|dicks|cock|pussy|pussies|tits|ass|asses|bitch|bitches|bitchin|biatch|hoe|hoes|ho|thot|slut|sluts|whore|whores|cunt|cunts|twat|wanker|bastard|bastards|douche|douchebag|skank|jackass|dumbass|smartass|badass|nigga|niggas|niggah|nicca|niccas|nig|nigs|thug|pimp|hooker|prick|arse|bollocks|bloody hell|sucks|suck my',
  ),
  // Insults: aimed at a person.
  ...en(
    'insult',
    0.6,
    'idiot|idiots|stupid|moron|morons|dumb|imbecile|loser|losers|pathetic|worthless|scum|jerk|clown|fool|ugly|fat ass|lame|retard|retards|retarded|dipshit|shithead|asshole|assholes|cunt|bitch|bitches|hoe|hoes|slut|whore|pussy|fag|faggot|faggots|dyke|tranny|bastard|freak|creep|peasant|nobody likes you|shut up|shut the fuck up|stfu|get lost|go to hell|screw you|eat shit',
  ),
  // Threats of violence.
  ...en(
    'threat',
    0.75,
    "i will kill you|i'll kill you|ill kill you|gonna kill you|kill yourself|kys|i will hurt you|i'll hurt you|beat you up|beat your ass|shoot you|stab you|you're dead|you are dead|i will find you|burn your house|watch your back|slit your throat|break your neck|punch you|i'll end you|should be shot|should be hanged|should be killed|deserve to die|deserves to die|hope you die|die in a fire|blow up",
  ),
  // Slurs and dehumanising language about groups.
  ...en(
    'hate',
    0.85,
    'nigger|niggers|nigga|niggas|gaywad|fagget|chink|chinks|gook|gooks|spic|spics|wetback|wetbacks|kike|kikes|raghead|ragheads|towelhead|towelheads|sand nigger|beaner|beaners|coon|coons|jigaboo|porch monkey|faggot|faggots|fag|fags|dyke|dykes|tranny|trannies|retard|retards|cripple|cripples|gypsy|gyppo|paki|pakis|cracker|crackers|white trash|redneck|zipperhead|jap|japs|mongoloid',
  ),
];

export const ZH_LEXICON: LexiconEntry[] = [
  ...en('toxicity', 0.6, '他妈的|妈的|特么|卧槽|我靠|靠北|狗屎|草泥马|尼玛|你妈的|艹|该死的|tmd|nmsl|cnm|sb'),
  ...en(
    'insult',
    0.65,
    '傻逼|傻b|煞笔|傻叉|傻x|白痴|蠢货|蠢猪|笨蛋|脑残|智障|废物|人渣|贱人|贱货|婊子|垃圾人|狗东西|畜生|王八蛋|混蛋|滚蛋|滚开|去你的|丑八怪|下贱|不要脸|神经病|loser|弱智|猪头|狗日的|杂种|操你|操你妈|日你妈',
  ),
  ...en(
    'threat',
    0.8,
    '杀了你|弄死你|砍死你|打死你|宰了你|去死|找死|让你死|你死定了|烧了你家|捅死你|废了你|揍你|都该死|应该被杀|枪毙',
  ),
  ...en(
    'hate',
    0.85,
    '黑鬼|支那|尼哥|基佬|死基佬|娘炮|残废|蛮夷|鬼子|小日本|阿三|绿绿|白皮猪|黑皮|毛子|棒子|蝗虫|穆畜|绿教',
  ),
];

/** Dehumanising or exclusionary predicates that turn a group mention into hate. */
export const EN_HATE_PREDICATES =
  /\b(?:are|is|be|were)\s+(?:all\s+|just\s+|nothing but\s+|basically\s+)?(?:animals?|vermin|rats?|cockroaches|parasites?|subhuman|savages?|apes?|monkeys?|pigs?|dogs?|filth|disgusting|inferior|a disease|a plague|a cancer|criminals|terrorists|rapists|evil|a threat|the problem|dirty|stupid|lazy|thieves|trash|scum)\b|\b(?:should|must|need to|ought to)\s+(?:all\s+)?(?:be\s+)?(?:deported|exterminated|eliminated|wiped out|gassed|banned|locked up|sent back|removed|killed|shot|hanged|sterili[sz]ed|segregated|go back)\b|\bgo back to (?:your|their) (?:own )?(?:country|countries)\b|\bdon'?t belong (?:here|in this country)\b|\bshould not be allowed to\b|\bshouldn'?t be allowed to\b|\bare ruining\b|\bare taking over\b|\b(?:trying to )?take over (?:our|the) (?:country|world|jobs)\b|\bstealing our (?:jobs|country|women)\b|\b(?:should|must|ought to)\s+(?:all\s+)?(?:drown|die|not (?:be allowed|reproduce|exist)|be (?:fired|imprisoned|banned|barred))\b|\b(?:have|has|deserve) no (?:legal recourse|rights|place)\b|\bi have no tolerance\b|\bsexual deviants\b|\bmonsters\b|\blike dogs\b|\bcomplete pigs\b|\bfind another country\b|\blive (?:on|off) (?:taxpayer|welfare|our) money\b|\bwill never integrate\b|\bnot real (?:families|americans|women|men|people)\b|\bdon'?t want (?:those|these|them)\b[^.]{0,30}\bin (?:my|our) country\b|\bban\b[^.]{0,30}\bfrom\b|\bare destroying\b|\bare invading\b|\bhate (?:all\s+)?(?:those|these|them)\b/i;

export const ZH_HATE_PREDICATES =
  /都是(?:畜生|动物|垃圾|废物|罪犯|恐怖分子|骗子|小偷|强奸犯)|(?:应该|必须|就该)(?:被)?(?:赶出去|驱逐|消灭|杀光|滚出|去死|关起来)|滚出(?:中国|我们的国家|这里)|不配(?:活|当人|生活)|低等|劣等|下等人|不是人/;

/**
 * Protected-group vocabulary shared by the bias and hate checks. Categories follow the issue:
 * gender, ethnicity (incl. race), religion, nationality, age, disability, sexual orientation.
 */

export type ProtectedAttribute =
  | 'gender'
  | 'ethnicity'
  | 'religion'
  | 'nationality'
  | 'age'
  | 'disability'
  | 'sexual_orientation';

const EN: Record<ProtectedAttribute, string[]> = {
  gender: [
    'women',
    'woman',
    'girls',
    'girl',
    'females',
    'female',
    'ladies',
    'men',
    'man',
    'males',
    'boys',
    'wives',
    'husbands',
    'mothers',
    'moms',
    'fathers',
    'dads',
    'feminists',
    'trans people',
    'transgender people',
    'trans women',
    'trans men',
    'transgender',
    'trans person',
    'trans woman',
    'trans man',
    'trans community',
    'the trans community',
    'trans',
    'he',
    'she',
  ],
  ethnicity: [
    'black people',
    'blacks',
    'black',
    'african americans',
    'african-americans',
    'whites',
    'white people',
    'white',
    'asians',
    'asian',
    'latinos',
    'latinas',
    'latino',
    'hispanics',
    'hispanic',
    'arabs',
    'arab',
    'native americans',
    'natives',
    'indigenous people',
    'gypsies',
    'roma',
    'jews',
    'jewish people',
    'jewish race',
    'jewish',
    'people of color',
    'minorities',
    'immigrants',
    'migrants',
    'refugees',
    'illegals',
    'aliens',
  ],
  religion: [
    'muslims',
    'muslim',
    'islam',
    'islamic',
    'christians',
    'christian',
    'catholics',
    'catholic',
    'hindus',
    'hindu',
    'buddhists',
    'sikhs',
    'atheists',
    'mormons',
    'evangelicals',
  ],
  nationality: [
    'mexicans',
    'mexican',
    'chinese',
    'japanese',
    'koreans',
    'korean',
    'indians',
    'indian',
    'russians',
    'russian',
    'americans',
    'american',
    'africans',
    'african',
    'europeans',
    'germans',
    'french',
    'italians',
    'irish',
    'poles',
    'polish',
    'pakistanis',
    'iranians',
    'iraqis',
    'syrians',
    'somalis',
    'nigerians',
    'filipinos',
    'vietnamese',
    'middle easterners',
    'middle eastern',
    'foreigners',
  ],
  age: [
    'old people',
    'elderly',
    'the elderly',
    'seniors',
    'boomers',
    'millennials',
    'teenagers',
    'teens',
    'kids',
    'young people',
    'old',
    'older people',
    'elderly people',
    'grandparents',
    'old man',
    'old woman',
    'old lady',
  ],
  disability: [
    'disabled people',
    'the disabled',
    'disabled',
    'handicapped',
    'people with disabilities',
    'autistic people',
    'autistic',
    'blind people',
    'deaf people',
    'the blind',
    'the deaf',
    'mentally ill',
    'wheelchair users',
    'people in wheelchairs',
    'retarded',
    'cripples',
    'mentally disabled',
    'people with down syndrome',
  ],
  sexual_orientation: [
    'gays',
    'gay people',
    'gay men',
    'gay',
    'lesbians',
    'lesbian',
    'homosexuals',
    'homosexual',
    'bisexuals',
    'bisexual',
    'bisexuality',
    'lgbt',
    'lgbtq',
    'lgbtq+',
    'queers',
    'queer',
  ],
};

const ZH: Record<ProtectedAttribute, string[]> = {
  gender: [
    '女人',
    '女性',
    '女的',
    '女生',
    '女孩',
    '男人',
    '男性',
    '男的',
    '男生',
    '妇女',
    '女司机',
    '娘们',
    '变性人',
    '跨性别者',
  ],
  ethnicity: [
    '黑人',
    '白人',
    '亚洲人',
    '犹太人',
    '少数民族',
    '维吾尔族',
    '藏族',
    '回族',
    '吉普赛人',
    '移民',
    '难民',
    '黑鬼',
  ],
  religion: ['穆斯林', '基督徒', '佛教徒', '天主教徒', '伊斯兰教徒', '印度教徒', '无神论者'],
  nationality: [
    '中国人',
    '日本人',
    '韩国人',
    '印度人',
    '美国人',
    '外国人',
    '非洲人',
    '俄罗斯人',
    '阿拉伯人',
    '墨西哥人',
    '河南人',
    '东北人',
    '上海人',
    '农村人',
    '外地人',
    '乡下人',
  ],
  age: ['老人', '老年人', '年轻人', '老头', '老太太', '90后', '00后', '80后', '中年人', '小孩'],
  disability: ['残疾人', '残障人士', '盲人', '聋人', '聋哑人', '精神病人', '自闭症', '残废', '瘸子', '智障'],
  sexual_orientation: ['同性恋', '基佬', '拉拉', '双性恋', '同志'],
};

export interface GroupMention {
  attribute: ProtectedAttribute;
  term: string;
  start: number;
  end: number;
}

// Words that are groups only in plural/generic use; as a lone singular they are too common.
const WEAK_EN = new Set([
  'he',
  'she',
  'man',
  'woman',
  'girl',
  'white',
  'black',
  'old',
  'american',
  'indian',
  'french',
  'native',
  'kids',
]);

/** Whether a term counts as a group only in plural or generic use (see WEAK_EN). */
export function isWeakGroupTerm(term: string): boolean {
  return WEAK_EN.has(term);
}

let compiled: { re: RegExp; attr: ProtectedAttribute; term: string; weak: boolean }[] | undefined;

function patterns() {
  if (compiled) return compiled;
  const list: { re: RegExp; attr: ProtectedAttribute; term: string; weak: boolean }[] = [];
  for (const [attr, terms] of Object.entries(EN) as [ProtectedAttribute, string[]][]) {
    for (const term of terms) {
      const esc = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      list.push({ re: new RegExp(`\\b${esc}\\b`, 'gi'), attr, term, weak: WEAK_EN.has(term) });
    }
  }
  for (const [attr, terms] of Object.entries(ZH) as [ProtectedAttribute, string[]][]) {
    for (const term of terms) list.push({ re: new RegExp(term, 'g'), attr, term, weak: false });
  }
  compiled = list;
  return list;
}

/** Protected-group mentions, longest match first, without overlaps. */
export function findGroupMentions(text: string, includeWeak = false): GroupMention[] {
  const found: GroupMention[] = [];
  for (const p of patterns()) {
    if (p.weak && !includeWeak) continue;
    p.re.lastIndex = 0;
    for (const m of text.matchAll(p.re)) {
      found.push({ attribute: p.attr, term: p.term, start: m.index, end: m.index + m[0].length });
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: GroupMention[] = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

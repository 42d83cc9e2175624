// The identity categories of the persona lexicon, one row each. The config schema (and from it the generated
// JSON schema and settings), the lexicon, the "Key: value" attribute lines and every message that names a
// category read this table; adding a category is one row here and its lexicon file.
import activism from './lexicon/activism.json';
import age from './lexicon/age.json';
import fandom from './lexicon/fandom.json';
import gender from './lexicon/gender.json';
import nationality from './lexicon/nationality.json';
import political from './lexicon/political.json';
import religion from './lexicon/religion.json';

/** The words of one identity category (a file in persona/lexicon). */
export interface CategoryLexicon {
  /** Identities wherever they name the persona. */
  terms: string[];
  /** Identities only as a person noun, beside one, or after an identity intensifier. */
  ambiguous?: string[];
  /** Identities when they directly modify a noun (female engineer). */
  modifiers?: string[];
  /** Keys of "Key: value" persona lines that give this category ("Religion: devout Catholic"). */
  attributeKeys: string[];
  /**
   * Words that, as a word of a template variable's name, name this category (`{faith}`, `{user_party}`,
   * `{ageGroup}`): such a templated persona is an identity persona whatever value fills it in.
   */
  variableNames?: string[];
}

/** One identity category: its config key, how messages name it, and its words. */
export interface IdentityCategoryRow {
  /** The key under `lexicon.identity` in `.evenhand.json` and the category of an identity attribute. */
  id: string;
  /** A short label after a quoted term in diagnostics: "Tory" (politics). */
  label: string;
  /** What the category covers, in hovers: "political party or ideology". */
  name: string;
  lexicon: CategoryLexicon;
}

/** A table row; the id keeps its literal type, the lexicon file is read through its interface. */
function row<const Id extends string>(id: Id, label: string, name: string, lexicon: CategoryLexicon) {
  return { id, label, name, lexicon } satisfies IdentityCategoryRow;
}

/** Every identity category, in the order the lexicon compiles them and the schema lists them. */
export const IDENTITY_CATEGORY_TABLE = [
  row('political', 'politics', 'political party or ideology', political),
  row('religion', 'religion', 'religion or its absence', religion),
  row('nationality', 'nationality/ethnicity', 'nationality or ethnicity', nationality),
  row('gender', 'gender/sexuality', 'gender or sexuality', gender),
  row('age', 'age', 'age cohort', age),
  row('activism', 'activism', 'activism or advocacy', activism),
  row('fandom', 'fandom', 'fandom or loyalty', fandom),
] as const;

/** An identity category id (political, religion, ...). */
export type IdentityCategory = (typeof IDENTITY_CATEGORY_TABLE)[number]['id'];

/** The identity category ids, in table order. */
export const IDENTITY_CATEGORIES = IDENTITY_CATEGORY_TABLE.map((row) => row.id) as readonly IdentityCategory[];

/** One-sided roles are not an identity category, but messages name them beside the categories. */
const STANCE = { label: 'one-sided role', name: 'one-sided role' } as const;

const ROWS = new Map<string, Pick<IdentityCategoryRow, 'label' | 'name'>>(IDENTITY_CATEGORY_TABLE.map((row) => [row.id, row]));

/** The short label of an attribute's category for diagnostics ("politics", "one-sided role"). */
export function categoryLabel(category: IdentityCategory | 'stance'): string {
  return (category === 'stance' ? STANCE : ROWS.get(category))?.label ?? category;
}

/** What an attribute's category covers, for hovers ("political party or ideology"). */
export function categoryName(category: IdentityCategory | 'stance'): string {
  return (category === 'stance' ? STANCE : ROWS.get(category))?.name ?? category;
}

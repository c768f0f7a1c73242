export type Role = 'admin' | 'agent' | 'widget';

/** Who is calling, as established by a key or a widget token. */
export interface Caller {
  tenantId: string;
  role: Role;
  /** The API key id, or the widget token's id; used for rate limits and audit. */
  credentialId: string;
  /**
   * Who this is across credential rotations: what a caller creates (conversations) is owned by
   * its subject. An API key's lineage, or a widget token's own id (one anonymous visitor).
   */
  subjectId: string;
  /**
   * The user id and groups for document ACLs. Undefined = unrestricted (admin keys); an empty
   * list = only documents without an ACL.
   */
  principals?: readonly string[];
  /** Widget tokens are scoped to one collection. */
  collectionId?: string;
}

export { type ApiKeyRecord, ApiKeyService, type NewApiKey } from './api-keys';
export { constantTimeEqual, loadOrCreateSecret } from './secrets';
export { type Tenant, TenantsRepo } from './tenants';
export type { Caller, Role } from './types';
export {
  MAX_WIDGET_TOKEN_TTL_SECONDS,
  type MintOptions,
  normaliseOrigin,
  WidgetTokenService,
} from './widget-tokens';

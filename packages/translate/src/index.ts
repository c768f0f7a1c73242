export {
  lazyTranslator,
  type TranslateRequest,
  type TranslateResponse,
  TranslateService,
  type TranslateServiceOptions,
} from './translate-service';

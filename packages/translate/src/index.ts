export * from './translate-service';

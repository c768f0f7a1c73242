import { describeOcrEngineConformance } from '../testing/ocr-engine-conformance';
import { TesseractOcrEngine } from './tesseract-engine';

describeOcrEngineConformance('tesseract.js (eng, chi_sim from node_modules)', {
  create: async () => new TesseractOcrEngine(),
});

export { buildApi, view, type ApiDeps } from './api.ts';
export { ApiError } from './errors.ts';
export { readUpload, storeBytes, type UploadLimits } from './uploads.ts';

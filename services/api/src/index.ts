export { buildApi, view, type ApiDeps } from './api.ts';
export { ApiError } from './errors.ts';
export { readUpload, type UploadLimits } from './uploads.ts';

// Sends a file straight to storage with a presigned request, reporting progress
// (fetch cannot report upload progress; XMLHttpRequest can).
import { ApiError } from './api.js';

export function putWithProgress(request, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    for (const [k, v] of Object.entries(request.headers || {})) {
      if (k.toLowerCase() !== 'host') xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100), true); };
    xhr.onload = () => {
      if (xhr.status < 300) resolve(); else reject(new ApiError(xhr.status, { code: 'upload_failed', detail: `Upload failed (${xhr.status}).` }));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: 'network_error', detail: 'network' }));
    xhr.send(file);
  });
}

/// Start, upload, complete: the whole life of one attached file.
export async function attach(api, orderId, file, kind, onProgress) {
  const started = await api.post(`/orders/${orderId}/files`, {
    name: file.name, contentType: file.type || 'application/octet-stream', size: file.size, kind,
  });
  await putWithProgress(started.upload, file, onProgress);
  const done = await api.post(`/orders/${orderId}/files/${started.file.id}/complete`);
  return done.file;
}

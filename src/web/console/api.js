// The volunteer API (/api/v1/...): the staff pages' shared client
// (/common/api-client.js) with the console's own token key, and Vietnamese
// for the error codes only the console meets.

import { createApiClient } from '/common/api-client.js';
import { ApiError } from '/common/api-error.js';
import { createErrorText } from '/common/error-text.js';

export { ApiError };

export const {
  api, authHeaders, currentToken, setToken, setUnauthenticatedHandler,
} = createApiClient('trolyso.console.token');

// The words to show a person for a failed call.
export const errorText = createErrorText({
  codes: {
    forbidden: 'Bạn không có quyền làm việc này.',
    not_holder: 'Chỉ người đang xử lý cuộc trò chuyện này mới làm được việc này.',
    not_found: 'Không tìm thấy cuộc trò chuyện này.',
    already_claimed: 'Người khác đã nhận xử lý cuộc trò chuyện này.',
    resolved: 'Cuộc trò chuyện này đã được hoàn tất.',
    capacity_reached: 'Bạn đang xử lý đủ số cuộc trò chuyện cho phép. Hãy hoàn tất một cuộc trước.',
    not_claimed: 'Cuộc trò chuyện chưa được ai nhận xử lý.',
    invalid_text: 'Tin nhắn không được để trống và không dài quá 2000 ký tự.',
    unknown_area: 'Khu vực không tồn tại.',
  },
  statuses: { 409: 'Trạng thái đã thay đổi, vui lòng xem lại.' },
});

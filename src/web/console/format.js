// Words and times shown in the console. Pure functions, no DOM.

const MINUTE_MS = 60_000;

// "chờ dưới 1 phút", "chờ 3 phút", "chờ 1 giờ 5 phút"; `ms` is a duration.
export function waitText(ms) {
  return `chờ ${durationText(ms)}`;
}

export function durationText(ms) {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE_MS);
  if (minutes < 1) return 'dưới 1 phút';
  if (minutes < 60) return `${minutes} phút`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 24) return rest ? `${hours} giờ ${rest} phút` : `${hours} giờ`;
  const days = Math.floor(hours / 24);
  return `${days} ngày`;
}

export function timeText(ms) {
  if (!Number.isFinite(ms)) return '';
  const date = new Date(ms);
  const time = date.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
  const today = new Date();
  if (date.toDateString() === today.toDateString()) return time;
  return `${time} ${date.toLocaleDateString('vi-VN', { day: '2-digit', month: '2-digit' })}`;
}

export const AUTHOR_LABELS = {
  citizen: 'Người dân',
  bot: 'Trợ lý số',
  volunteer: 'Tình nguyện viên',
  system: 'Hệ thống',
};

export const DECISION_LABELS = {
  answer: 'trả lời tự động',
  clarify: 'hỏi lại cho rõ',
  not_understood: 'không hiểu',
  escalate: 'chuyển người thật',
  to_volunteer: 'chuyển cho tình nguyện viên',
  silent: 'im lặng (đang có người hỗ trợ)',
  ignored: 'bỏ qua',
};

export const DELIVERY_LABELS = {
  pending: 'Đang gửi…',
  delivered: 'Đã gửi',
  dead: 'Gửi không được',
  unreachable: 'Người dân đã chặn hoặc không nhận được',
};

export const KIND_LABELS = {
  photo: 'Ảnh',
  video: 'Video',
  voice: 'Tin nhắn thoại',
  audio: 'Âm thanh',
  sticker: 'Nhãn dán',
  document: 'Tệp',
  contact: 'Danh bạ',
  location: 'Vị trí',
  animation: 'Ảnh động',
  link: 'Liên kết',
};

export const ENTITY_LABELS = {
  id_number: 'Số định danh',
  phone: 'Số điện thoại',
  dossier_code: 'Mã hồ sơ',
};

export const CHANNEL_LABELS = {
  telegram: 'Telegram',
  webchat: 'Web',
  zalo: 'Zalo',
};

export const URGENT_LABEL = 'Khẩn';
// A Zalo chat whose 48-hour free reply window closes soon.
export const WINDOW_LABEL = 'Sắp hết hạn Zalo';

export function channelText(channel) {
  return CHANNEL_LABELS[channel] || channel || '';
}

export function positionText(position) {
  return `thứ ${position} trong hàng`;
}

// A waiting handoff past its deadline: shown in red so it is taken first.
export function isOverdue(handoff, now) {
  return handoff.state === 'waiting' && Number.isFinite(handoff.deadline_at) && now > handoff.deadline_at;
}

// How long a handoff has waited, or for a claimed one how long ago it was
// claimed; `now` is on the server's clock.
export function handoffWaitText(handoff, now) {
  if (handoff.state === 'claimed' && Number.isFinite(handoff.claimed_at)) {
    return `nhận ${durationText(now - handoff.claimed_at)} trước`;
  }
  let text = waitText(now - handoff.created_at);
  if (isOverdue(handoff, now)) text += ' · quá hạn';
  return text;
}

export function stateText(handoff, me) {
  if (handoff.state === 'waiting') return 'Đang chờ';
  if (handoff.state === 'claimed') {
    const holder = handoff.claimed_by;
    if (holder && me && holder.id === me.id) return 'Bạn đang xử lý';
    return `Đang xử lý bởi ${holder?.display_name || 'người khác'}`;
  }
  if (handoff.state === 'resolved') return 'Đã hoàn tất';
  return handoff.state || '';
}

/**
 * The contract's validation messages (core/layers.ts, written in English for the API) in the
 * UI language. Unknown messages are shown as the server wrote them.
 */
import type { Lang } from '../../../../core/i18n/lang.ts';

const VI: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^must not be empty$/, () => 'không được để trống'],
  [/^must contain a visible character/, () => 'phải có ít nhất một ký tự nhìn thấy được, không chỉ ký tự điều khiển, định dạng hay đảo chiều'],
  [/^is required$/, () => 'bắt buộc'],
  [/^must not be negative$/, () => 'không được là số âm'],
  [/^must be a whole number$/, () => 'phải là số nguyên'],
  [/^must be a number$/, () => 'phải là một số'],
  [/^must be a string$/, () => 'phải là chữ'],
  [/^must be at most (\d+) characters$/, (m) => `tối đa ${m[1]} ký tự`],
  [/^must be a date written YYYY-MM-DD$/, () => 'phải là ngày dạng YYYY-MM-DD'],
  [/^is not a real calendar date$/, () => 'không phải ngày có thật'],
  [/^must be one of (.+)$/, (m) => `phải là một trong ${m[1]}`],
  [/^must be 1, 2 or 3$/, () => 'phải là 1, 2 hoặc 3'],
  [/^must be an ISO 8601 timestamp/, () => 'phải là thời điểm ISO 8601 có múi giờ, ví dụ 2021-05-12T08:30:00+07:00'],
];

export function contractMessage(message: string, lang: Lang): string {
  if (lang !== 'vi') return message;
  return message
    .split('; ')
    .map((part) => {
      for (const [re, say] of VI) {
        const m = re.exec(part);
        if (m) return say(m);
      }
      // Numeric bounds: "Too big: expected number to be <=10000"
      const big = /expected number to be <=\s*(\d+)/.exec(part);
      if (big) return `không được lớn hơn ${big[1]}`;
      return part;
    })
    .join('; ');
}

/**
 * The scenario catalogue: situations that may arise at a polling station on election day and the
 * default response to each, as Hanoi's police wrote them for every polling area in May 2021
 * (kịch bản xử lý tình huống). A station's plan starts with these defaults; planners edit the
 * response, who acts and whom to call per station, and may add their own scenarios.
 *
 * To change the catalogue for every new plan, edit SCENARIOS below (ids are stable keys: a plan
 * that stored an edited scenario keeps it, a new default appears in plans that lack its id).
 * Texts are bilingual because the plan document and the UI are.
 */

export type Bilingual = { vi: string; en: string };

export interface ScenarioDefault {
  /** Stable key, stored in plans. */
  id: string;
  title: Bilingual;
  /** What the station does, in order. */
  response: Bilingual;
  /** Who acts first. */
  who_acts: Bilingual;
  /** Whom to call (the plan's contacts fill in the numbers). */
  whom_to_call: Bilingual;
}

export const SCENARIOS: readonly ScenarioDefault[] = [
  {
    id: 'fever_at_door',
    title: { vi: 'Cử tri sốt, ho tại cửa khu vực bỏ phiếu', en: 'Voter with fever or cough at the door' },
    response: {
      vi: 'Đo thân nhiệt, khai báo y tế; đưa cử tri vào buồng cách ly tạm thời; cử tri bỏ phiếu tại buồng riêng hoặc bằng hòm phiếu phụ; khử khuẩn khu vực; báo trạm y tế phường.',
      en: 'Take temperature and health declaration; take the voter to the temporary isolation booth; the voter votes in a separate booth or by the mobile ballot box; disinfect the area; inform the ward health station.',
    },
    who_acts: { vi: 'Tổ y tế tại khu vực bỏ phiếu', en: 'Medical team at the station' },
    whom_to_call: { vi: 'Trạm y tế phường; Trung tâm y tế quận; 115', en: 'Ward health station; district medical centre; 115' },
  },
  {
    id: 'voter_in_quarantine',
    title: { vi: 'Cử tri đang cách ly (tại nhà, khu phong tỏa, cơ sở cách ly tập trung)', en: 'Voter in quarantine (at home, in a lockdown area, in a facility)' },
    response: {
      vi: 'Tổ bầu cử mang hòm phiếu phụ đến nơi cách ly; người mang hòm mặc đồ bảo hộ, đã tiêm vắc-xin; niêm phong, khử khuẩn hòm phiếu, đưa thẳng về phòng bỏ phiếu; kiểm phiếu riêng.',
      en: 'The election team takes the mobile ballot box to the quarantine place; carriers in protective gear and vaccinated; the box is sealed, disinfected and brought straight back to the polling room; counted separately.',
    },
    who_acts: { vi: 'Tổ bầu cử, công an khu vực, y tế', en: 'Election team, area police, medical team' },
    whom_to_call: { vi: 'Ban chỉ đạo phòng chống dịch phường; cơ sở cách ly', en: 'Ward epidemic steering committee; the quarantine facility' },
  },
  {
    id: 'crowd_disturbance',
    title: { vi: 'Tụ tập đông người, gây rối trật tự', en: 'Crowd or disturbance' },
    response: {
      vi: 'Phân luồng một chiều, giữ khoảng cách 2 m; tuyên truyền, giải tán tụ tập; cô lập đối tượng gây rối, lập biên bản; bảo vệ hòm phiếu và tài liệu bầu cử.',
      en: 'One-way flow, 2 m spacing; speak to and disperse the crowd; isolate the troublemaker and record it; protect the ballot box and election documents.',
    },
    who_acts: { vi: 'Công an, dân quân tự vệ tại khu vực bỏ phiếu', en: 'Police and militia at the station' },
    whom_to_call: { vi: 'Công an phường; Công an quận (trực ban); 113', en: 'Ward police; district police duty desk; 113' },
  },
  {
    id: 'fire_power_cut',
    title: { vi: 'Cháy, nổ hoặc mất điện', en: 'Fire, explosion or power cut' },
    response: {
      vi: 'Sơ tán cử tri theo lối thoát hiểm; di chuyển hòm phiếu, tài liệu đến nơi an toàn có bảo vệ; dùng bình chữa cháy tại chỗ; bật đèn dự phòng, máy phát; báo điện lực.',
      en: 'Evacuate voters by the emergency exits; move the ballot box and documents to a guarded safe place; use the fire extinguishers on site; switch to emergency lights or generator; call the power company.',
    },
    who_acts: { vi: 'Tổ bầu cử, công an, lực lượng PCCC cơ sở', en: 'Election team, police, on-site fire team' },
    whom_to_call: { vi: 'Cảnh sát PCCC 114; Điện lực quận', en: 'Fire service 114; district power company' },
  },
  {
    id: 'group_petition',
    title: { vi: 'Khiếu kiện đông người, đơn thư liên quan bầu cử', en: 'Group petition or complaint about the election' },
    response: {
      vi: 'Tiếp nhận đơn, hướng dẫn đến Ban bầu cử; không để ảnh hưởng việc bỏ phiếu; ghi nhận, báo cáo; ngăn chặn lợi dụng kích động.',
      en: 'Receive the petition and refer it to the election board; keep voting undisturbed; record and report; prevent incitement.',
    },
    who_acts: { vi: 'Tổ trưởng tổ bầu cử, công an khu vực', en: 'Head of the election team, area police' },
    whom_to_call: { vi: 'Ban bầu cử phường; Công an phường', en: 'Ward election board; ward police' },
  },
  {
    id: 'escort_ballot_boxes',
    title: { vi: 'Bảo vệ, áp tải hòm phiếu và tài liệu bầu cử', en: 'Escorting the ballot boxes and election documents' },
    response: {
      vi: 'Hai cán bộ công an áp tải trên tuyến đã định; không dừng dọc đường; báo khi xuất phát và khi đến; bảo vệ nơi kiểm phiếu đến khi bàn giao biên bản.',
      en: 'Two police officers escort on the planned route; no stops on the way; report at departure and arrival; guard the counting room until the records are handed over.',
    },
    who_acts: { vi: 'Công an phường, dân quân', en: 'Ward police, militia' },
    whom_to_call: { vi: 'Trực ban Công an quận; Ủy ban bầu cử quận', en: 'District police duty desk; district election committee' },
  },
];

export const SCENARIO_IDS = SCENARIOS.map((s) => s.id);

export const scenarioDefault = (id: string): ScenarioDefault | undefined => SCENARIOS.find((s) => s.id === id);

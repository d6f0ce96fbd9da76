// GB/T 42195-2022 《老年人能力评估规范》: the item catalogue, the grade bands and evaluate().
//
// Sources of the wording (the standard's text is sold by SAC and was not available verbatim;
// see docs/ASSESSMENT.md "Sources" for what each gave and where they disagree):
// - Appendix B (the 26 items and their options): three independent public transcriptions of
//   the standard's Appendix B found in public GitHub repositories (library index file ids
//   32704356419 [a uni-app form definition "老年人能力评估国内标准2022版", with the PDF's line
//   breaks still in it; taken as the primary text], 7705503546 [a Python file quoting B.1–B.4
//   as a comment], 66873549611 [a Vue form "B.1 老年人能力评估表"]). Where they differ, the
//   primary text is used; the differences are listed in docs/ASSESSMENT.md.
// - Grade names and bands: the same three, and the SAMR press conference on the standard
//   (能力完好, 能力轻度受损（轻度失能）, 能力中度受损（中度失能）, 能力重度受损（重度失能）,
//   能力完全丧失（完全失能）); bands 90 / 66–89 / 46–65 / 30–45 / 0–29.
// - Adjustments: Appendix C.4 能力等级变更依据 as transcribed in 66873549611 and 66773605521,
//   and the explanation at http://www.leayin.com/a/ad/zhiye/20260202/2755.html.
#include "modules/assessment/ability.hpp"

#include <algorithm>
#include <cassert>

namespace ec::assessment {
namespace {

using enum group;

// The five-level assistance scale the standard repeats for many items (修饰, 洗澡, 穿/脱上衣,
// 穿/脱裤子和鞋袜).
constexpr option_def k_assist[] = {
    {4, "独立完成，不需要协助"},
    {3, "在他人指导或提示下完成"},
    {2, "需要他人协助，但以自身完成为主"},
    {1, "主要依靠他人协助，自身能给予配合"},
    {0, "完全依赖他人协助，且不能给予配合"},
};
// The same scale as printed for 如厕, 床上体位转移 and 床椅转移 in the primary transcription,
// whose top option reads "不需要他人协助" (the other two transcriptions print "不需要协助").
constexpr option_def k_assist_other[] = {
    {4, "独立完成，不需要他人协助"},         {3, "在他人指导或提示下完成"},
    {2, "需要他人协助，但以自身完成为主"},   {1, "主要依靠他人协助，自身能给予配合"},
    {0, "完全依赖他人协助，且不能给予配合"},
};

constexpr option_def k_eating[] = {
    {4, "独立使用器具将食物送进口中并咽下，没有呛咳"},
    {3, "在他人指导或提示下完成，或独立使用辅具，没有呛咳"},
    {2, "进食中需要少量接触式协助，偶尔（每月一次及以上）呛咳"},
    {1, "在进食中需要大量接触式协助，经常（每周一次及以上）呛咳"},
    {0, "完全依赖他人协助进食，或吞咽困难，或留置营养管"},
};
constexpr option_def k_urine[] = {
    {4, "可自行控制排尿，排尿次数、排尿控制均正常"},
    {3,
     "白天可自行控制排尿次数，夜间出现排尿次数增多、排尿控制较差，或自行使用尿布、尿垫等辅助"
     "用物"},
    {2,
     "白天大部分时间可自行控制排尿，偶出现（每天<1次，但每周>1次）尿失禁，夜间控制排尿较差，"
     "或他人少量协助使用尿布、尿垫等辅助用物"},
    {1,
     "白天大部分时间不能控制排尿（每天≥1次，但尚非完全失控），夜间出现尿失禁，或他人大量协助"
     "使用尿布、尿垫等辅助用物"},
    {0, "小便失禁，完全不能控制排尿，或留置导尿管"},
};
constexpr option_def k_bowel[] = {
    {4, "可正常自行控制大便排出"},
    {3, "有时出现（每周<1次）便秘或大便失禁，或自行使用开塞露、尿垫等辅助用物"},
    {2,
     "经常出现（每天<1次，但每周>1次）便秘或大便失禁，或他人少量协助使用开塞露、尿垫等辅助"
     "用物"},
    {1,
     "大部分时间均出现（每天≥1次）便秘或大便失禁，但尚非完全失控，或他人大量协助使用开塞露、"
     "尿垫等辅助用物"},
    {0, "严重便秘或者完全大便失禁，需要依赖他人协助排便或清洁皮肤"},
};
constexpr option_def k_walking[] = {
    {4, "独立平地步行50m左右，不需要协助，无摔倒风险"},
    {3, "能平地步行50m左右，存在摔倒风险，需要他人监护或指导，或使用拐杖、助行器等辅助工具"},
    {2, "在步行时需要他人少量扶持协助"},
    {1, "在步行时需要他人大量扶持协助"},
    {0, "完全不能步行"},
};
constexpr option_def k_stairs[] = {
    {3, "可独立上下楼梯（连续上下10个～15个台阶），不需要协助"},
    {2, "在他人指导或提示下完成"},
    {1, "需要他人协助，但以自身完成为主"},
    {0, "主要依靠他人协助，自身能给予配合；或者完全依赖他人协助，且不能给予配合"},
};
constexpr option_def k_time[] = {
    {4, "时间观念（年、月）清楚，日期（或星期几）可相差一天"},
    {3, "时间观念有些下降，年、月、日（或星期几）不能全部分清（相差两天或以上）"},
    {2, "时间观念较差，年、月、日不清楚，可知上半年或下半年或季节"},
    {1, "时间观念很差，年、月、日不清楚，可知上午、下午或白天、夜间"},
    {0, "无时间观念"},
};
constexpr option_def k_place[] = {
    {4, "能在日常生活范围内单独外出，如在日常居住小区内独自外出购物等"},
    {3, "不能单独外出，但能准确知道自己日常生活所在地的地址信息"},
    {2, "不能单独外出，但知道较多有关自己日常生活的地址信息"},
    {1, "不能单独外出，但知道较少自己居住或生活所在地的地址信息"},
    {0, "不能单独外出，无空间观念"},
};
constexpr option_def k_person[] = {
    {4, "认识长期共同一起生活的人，能称呼并知道关系"},
    {3, "能认识大部分共同生活居住的人，能称呼或知道关系"},
    {2, "能认识部分日常同住的亲人或照护者等，能称呼或知道关系等"},
    {1, "只认识自己或极少数日常同住的亲人或照护者等"},
    {0, "不认识任何人（包括自己）"},
};
constexpr option_def k_memory[] = {
    {4, "总是能保持与社会、年龄所适应的记忆能力，能完整的回忆"},
    {3, "出现轻度的记忆紊乱或回忆不能（不能回忆即时信息，3个词语经过5分钟后仅能回忆0个～1个）"},
    {2, "出现中度的记忆紊乱或回忆不能（不能回忆近期记忆，不记得上一顿饭吃了什么）"},
    {1, "出现重度的记忆紊乱或回忆不能（不能回忆远期记忆，不记得自己的老朋友）"},
    {0, "记忆完全紊乱或者完全不能对既往事物进行正确的回忆"},
};
constexpr option_def k_comprehension[] = {
    {4, "能正常理解他人的话"},
    {3, "能理解他人的话，但需要增加时间"},
    {2, "理解有困难，需频繁重复或简化口头表达"},
    {1, "理解有严重困难，需要大量他人帮助"},
    {0, "完全不能理解他人的话"},
};
constexpr option_def k_expression[] = {
    {4, "能正常表达自己的想法"},
    {3, "能表达自己的需要，但需要增加时间"},
    {2, "表达需要有困难，需频繁重复或简化口头表达"},
    {1, "表达有严重困难，需要大量他人帮助"},
    {0, "完全不能表达需要"},
};
constexpr option_def k_aggression[] = {
    {1, "未出现"},
    {0, "近一个月内出现过攻击行为"},
};
constexpr option_def k_depression[] = {
    {1, "未出现"},
    {0, "近一个月内出现过负性情绪"},
};
constexpr option_def k_consciousness[] = {
    {2, "神志清醒，对周围环境能做出正确反应"},
    {1,
     "嗜睡，表现为睡眠状态过度延长。当呼唤或推动老年人的肢体时可唤醒，并能进行正确的交谈或执行"
     "指令，停止刺激后又继续入睡；意识模糊，注意力涣散，对外界刺激不能清晰的认识，空间和时间定向"
     "力障碍，理解力迟钝，记忆力模糊和不连贯"},
    {0,
     "昏睡，一般的外界刺激不能使其觉醒，给予较强烈的刺激时可有短时的意识清醒，醒后可简短回答"
     "提问，当刺激减弱后又很快进入睡眠状态；或者昏迷：意识丧失，随意运动丧失，对一般刺激全无"
     "反应"},
};
constexpr option_def k_vision[] = {
    {2, "视力正常"},
    {1, "能看清楚大字体，但看不清书报上的标准字体；视力有限，看不清报纸大标题，但能辨认物体"},
    {0, "只能看到光、颜色和形状；完全失明"},
};
constexpr option_def k_hearing[] = {
    {2, "听力正常"},
    {1,
     "在轻声说话或说话距离超过2米时听不清；正常交流有些困难，需在安静的环境或大声说话才能"
     "听到"},
    {0, "讲话者大声说话或说话很慢，才能部分听见；完全失聪"},
};
constexpr option_def k_daily_affairs[] = {
    {4, "能完全独立计划、安排和完成日常事务，无需协助"},
    {3, "在计划、安排和完成日常事务时需要他人监护或指导"},
    {2, "在计划、安排和完成日常事务时需要少量协助"},
    {1, "在计划、安排和完成日常事务时需要大量协助"},
    {0, "完全依赖他人进行日常事务"},
};
constexpr option_def k_transport[] = {
    {3, "能自己骑车或搭乘公共交通工具外出"},
    {2, "能自己搭乘出租车，但不会搭乘其他公共交通工具外出"},
    {1, "当有人协助或陪伴，可搭乘公共交通工具外出"},
    {0, "只能在他人协助下搭乘出租车或私家车外出；完全不能出门，或者外出完全需要协助"},
};
constexpr option_def k_social[] = {
    {4, "参与社会，在社会环境有一定的适应能力，待人接物恰当"},
    {3, "能适应单纯环境，主动接触他人，初见面时难让人发现智力问题，不能理解隐喻语"},
    {2, "脱离社会，可被动接触，不会主动待他人，谈话中很多不适词句，容易上当受骗"},
    {1, "勉强可与他人接触，谈吐内容不清楚，表情不恰当"},
    {0, "不能与人交往"},
};

constexpr group_def k_groups[] = {
    {self_care, "self_care", "B.1", "自理能力", "Self-care", 32},
    {motor, "motor", "B.2", "基础运动能力", "Basic motor ability", 15},
    {mental, "mental", "B.3", "精神状态", "Mental state", 28},
    {perception, "perception", "B.4", "感知觉与社会参与", "Perception and social participation",
     15},
};

const item_def k_items[] = {
    // B.1 自理能力
    {"eating", "B.1.1", self_care, "进食", "Eating", "使用适当的器具将食物送入口中并咽下", "",
     k_eating},
    {"grooming", "B.1.2", self_care, "修饰", "Grooming", "指洗脸、刷牙、梳头、刮脸、剪指（趾）甲等",
     "", k_assist},
    {"bathing", "B.1.3", self_care, "洗澡", "Bathing", "清洗和擦干身体", "", k_assist},
    {"dressing_upper", "B.1.4", self_care, "穿/脱上衣", "Putting on / taking off upper garments",
     "指穿/脱上身衣服、系扣、拉拉链等", "", k_assist},
    {"dressing_lower", "B.1.5", self_care, "穿/脱裤子和鞋袜",
     "Putting on / taking off trousers, shoes and socks", "指穿/脱裤子、鞋袜等", "", k_assist},
    {"urine_control", "B.1.6", self_care, "小便控制", "Bladder control", "控制和排出尿液的能力", "",
     k_urine},
    {"bowel_control", "B.1.7", self_care, "大便控制", "Bowel control", "控制和排出粪便的能力", "",
     k_bowel},
    {"toileting", "B.1.8", self_care, "如厕", "Toileting", "上厕所排泄大小便，并清洁身体",
     "评估中强调排泄前解开裤子、完成排泄后清洁身体、穿上裤子", k_assist_other},
    // B.2 基础运动能力
    {"bed_mobility", "B.2.1", motor, "床上体位转移", "Changing position in bed",
     "卧床翻身及坐起躺下", "", k_assist_other},
    {"bed_chair_transfer", "B.2.2", motor, "床椅转移", "Bed–chair transfer",
     "从坐位到站位，再从站位到坐位的转换过程", "", k_assist_other},
    {"walking", "B.2.3", motor, "平地行走", "Walking on level ground",
     "双脚交互的方式在地面行动，总是一只脚在前", "包括他人辅助和使用辅具的步行", k_walking},
    {"stairs", "B.2.4", motor, "上下楼梯", "Going up and down stairs",
     "双脚交替完成楼梯台阶连续的上下移动", "", k_stairs},
    // B.3 精神状态
    {"time_orientation", "B.3.1", mental, "时间定向", "Orientation to time", "知道并确认时间的能力",
     "", k_time},
    {"place_orientation", "B.3.2", mental, "空间定向", "Orientation to place",
     "知道并确认空间的能力", "", k_place},
    {"person_orientation", "B.3.3", mental, "人物定向", "Orientation to people",
     "知道并确认人物的能力", "", k_person},
    {"memory", "B.3.4", mental, "记忆", "Memory", "短时、近期和远期记忆能力", "", k_memory},
    {"comprehension", "B.3.5", mental, "理解能力", "Comprehension",
     "理解语言信息和非语言信息的能力（可借助平时使用助听设备等），即理解别人的话", "",
     k_comprehension},
    {"expression", "B.3.6", mental, "表达能力", "Expression",
     "表达信息能力，包括口头的和非口头的，即表达自己的想法", "", k_expression},
    {"aggression", "B.3.7", mental, "攻击行为", "Aggressive behaviour",
     "身体攻击行为（如打/踢/推/咬/抓/摔东西）和语言攻击行为（如骂人、语言威胁、尖叫）", "",
     k_aggression},
    {"depression", "B.3.8", mental, "抑郁症状", "Depressive symptoms",
     "存在情绪低落、兴趣减退、活力减退等症状，甚至出现妄想、幻觉、自杀念头或自杀行为", "",
     k_depression},
    {"consciousness", "B.3.9", mental, "意识水平", "Level of consciousness",
     "机体对自身和周围环境的刺激做出应答反应的能力程度，包括清醒和持续的觉醒状态", "",
     k_consciousness},
    // B.4 感知觉与社会参与
    {"vision", "B.4.1", perception, "视力", "Vision",
     "感受存在的光线，并感受物体的大小、形状的能力。在个体的最好矫正视力下进行评估", "", k_vision},
    {"hearing", "B.4.2", perception, "听力", "Hearing",
     "能辨别声音的方位、音调、音量和音质的有关能力（可借助平时使用助听设备等）", "", k_hearing},
    {"daily_affairs", "B.4.3", perception, "执行日常事务", "Managing daily affairs",
     "计划、安排并完成日常事务，包括但不限于洗衣服、小金额购物、服药管理", "", k_daily_affairs},
    {"transport", "B.4.4", perception, "使用交通工具外出", "Going out by transport", "", "",
     k_transport},
    {"social_interaction", "B.4.5", perception, "社会交往能力", "Social interaction", "", "",
     k_social},
};

// The grade bands of the total score (C.3 老年人能力初步等级).
constexpr grade_def k_grades[] = {
    {grade::intact, "intact", 90, 90, "能力完好", "能力完好", "Ability intact"},
    {grade::mild, "mild", 66, 89, "能力轻度受损（轻度失能）", "轻度失能",
     "Ability mildly impaired (mild disability)"},
    {grade::moderate, "moderate", 46, 65, "能力中度受损（中度失能）", "中度失能",
     "Ability moderately impaired (moderate disability)"},
    {grade::severe, "severe", 30, 45, "能力重度受损（重度失能）", "重度失能",
     "Ability severely impaired (severe disability)"},
    {grade::complete, "complete", 0, 29, "能力完全丧失（完全失能）", "完全失能",
     "Ability completely lost (complete disability)"},
};

constexpr risk_event_def k_risk_events[] = {
    {risk_event::fall, "fall", "跌倒", "Fall"},
    {risk_event::wandering, "wandering", "走失", "Wandering (getting lost)"},
    {risk_event::choking, "choking", "噎食", "Choking on food"},
    {risk_event::self_harm, "self_harm", "自杀、自伤", "Suicide attempt or self-harm"},
    {risk_event::other, "other_risk", "其他", "Other"},
};

// Appendix A of the form, as printed in the transcriptions (file ids 24999619085, 61491919805,
// 71522403562 for the reasons; 25066181608, 61491919805, 71522403562 for the relations). The
// withdrawn MZ/T 039-2013 had other lists (no 本人, no 村（居）民委员会工作人员).
constexpr choice_def k_reasons[] = {
    {"first", "首次评估", "First assessment"},
    {"routine", "常规评估", "Routine assessment"},
    {"immediate", "即时评估", "Immediate assessment (after a change of condition)"},
    {"review", "因对评估结果有疑问进行的复评", "Reassessment because the result is disputed"},
    {"other", "其他", "Other"},
};
constexpr choice_def k_relations[] = {
    {"self", "本人", "The elder"},
    {"spouse", "配偶", "Spouse"},
    {"child", "子女", "Child"},
    {"other_relative", "其他亲属", "Other relative"},
    {"hired_caregiver", "雇佣照顾者", "Hired caregiver"},
    {"committee_staff", "村（居）民委员会工作人员", "Village or residents' committee staff"},
    {"other", "其他", "Other"},
};

// One grade worse, never past 完全失能.
grade worse(grade g) {
  return g == grade::complete ? g : static_cast<grade>(static_cast<int>(g) + 1);
}

}  // namespace

bool item_def::allows(int score) const {
  return std::any_of(options.begin(), options.end(),
                     [score](const option_def& o) { return o.score == score; });
}

std::span<const group_def> groups() {
  return k_groups;
}
std::span<const item_def> items() {
  return k_items;
}
std::span<const grade_def> grades() {
  return k_grades;
}
std::span<const risk_event_def> risk_events() {
  return k_risk_events;
}
std::span<const choice_def> reasons() {
  return k_reasons;
}
std::span<const choice_def> informant_relations() {
  return k_relations;
}

const item_def* find_item(std::string_view code) {
  for (const auto& it : k_items)
    if (it.code == code) return &it;
  return nullptr;
}

const group_def& group_of(group g) {
  return k_groups[static_cast<int>(g)];
}
const grade_def& grade_of(grade g) {
  return k_grades[static_cast<int>(g)];
}
const risk_event_def& risk_event_of(risk_event e) {
  return k_risk_events[static_cast<int>(e)];
}

int max_total() {
  int sum = 0;
  for (const auto& it : k_items) sum += it.max_score();
  return sum;
}

grade grade_for_total(int total) {
  for (const auto& g : k_grades)
    if (total >= g.min_total && total <= g.max_total) return g.id;
  assert(false && "total outside 0-90");
  return total > 90 ? grade::intact : grade::complete;
}

std::string_view adjustment_code(adjustment a) {
  switch (a) {
    case adjustment::diagnosis:
      return "diagnosis";
    case adjustment::risk_events:
      return "risk_events";
    case adjustment::coma:
      return "coma";
  }
  return "";
}

result<outcome> evaluate(const input& in) {
  std::vector<field_error> errs;
  outcome out;
  for (const auto& it : k_items) {
    std::string field = "answers." + std::string(it.code);
    auto a = in.answers.find(it.code);
    if (a == in.answers.end()) {
      errs.push_back({field, "assessment.answer_missing",
                      std::string(it.ref) + " " + std::string(it.name_en) + " is not answered"});
      continue;
    }
    if (!it.allows(a->second)) {
      std::string allowed;
      for (const auto& o : it.options) {
        if (!allowed.empty()) allowed += ", ";
        allowed += std::to_string(o.score);
      }
      errs.push_back({field, "assessment.answer_invalid",
                      std::string(it.ref) + " " + std::string(it.name_en) + ": " +
                          std::to_string(a->second) + " is not one of its scores (" + allowed +
                          ")"});
      continue;
    }
    out.total += a->second;
    out.group_scores[static_cast<int>(it.grp)] += a->second;
  }
  for (const auto& [code, score] : in.answers)
    if (!find_item(code))
      errs.push_back({"answers." + code, "assessment.answer_unknown",
                      "No item of GB/T 42195-2022 has the code " + code});
  for (const auto& e : k_risk_events) {
    int n = in.risk_event_counts[static_cast<int>(e.id)];
    if (n < 0 || n > risk_event_max_count)
      errs.push_back({"risk_events." + std::string(e.code), "assessment.risk_count_range",
                      std::string(e.name_en) + ": count " + std::to_string(n) +
                          " is outside 0-3 (3 means three or more)"});
  }
  if (!errs.empty()) return error::fields(std::move(errs));

  out.preliminary = grade_for_total(out.total);
  out.final_grade = out.preliminary;

  // The coma rule (one rule, one place). GB/T 42195-2022 Appendix C.4 能力等级变更依据:
  // "处于昏迷状态者，直接评定为能力完全丧失（完全失能）" — read from A.5.11 昏迷. Some
  // transcriptions of the note under B.3.9 意识水平 instead say "直接评定为重度失能", the wording
  // of the withdrawn MZ/T 039-2013, whose worst grade was 重度失能; under the five grades of
  // 2022 the C.4 text governs. docs/ASSESSMENT.md lists the sources.
  if (in.comatose) {
    out.final_grade = grade::complete;
    out.applied.push_back(adjustment::coma);
    return out;
  }

  // C.4: "确诊为痴呆（F00～F03）、精神科专科医生诊断的其他精神和行为障碍疾病（F04～F99），在原有
  // 能力级别上应提高一个级别" — one step for the clause, however many of its diagnoses apply.
  // "提高一个级别" raises the level of impairment, i.e. one grade worse.
  if (in.dementia || in.other_mental_disorder) {
    out.final_grade = worse(out.final_grade);
    out.applied.push_back(adjustment::diagnosis);
  }
  // C.4: "近30天内发生过2次及以上照护风险事件（如跌倒、噎食、自杀、自伤、走失等），在原有能力
  // 级别上提高一个等级" — the events of all kinds together. The two clauses are separate clauses
  // of C.4, each raising the grade one step, so both together make two (capped at 完全失能).
  int events = 0;
  for (int n : in.risk_event_counts) events += n;
  if (events >= 2) {
    out.final_grade = worse(out.final_grade);
    out.applied.push_back(adjustment::risk_events);
  }
  return out;
}

}  // namespace ec::assessment

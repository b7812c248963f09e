"""Chinese words the interpreter knows: digits, colours and intent keywords.

Entries are regular expressions. Chinese numerals are turned into digits
before matching (三秒 -> 3秒, 第二张 -> 第2张), so patterns use digits.
"""

from __future__ import annotations

__all__ = [
    "ABSENCE",
    "ASPECTS",
    "COLORS",
    "CORRECTIONS",
    "DIGITS",
    "DIRECTIONS",
    "DONT_WANT",
    "DONT_WANT_ACTION",
    "DONT_WANT_AS",
    "DONT_WANT_BEAT",
    "DONT_WANT_BEAT_WORDS",
    "ENDING_KINDS",
    "FONTS",
    "INTENTS",
    "KEEP",
    "MULTIPLES",
    "NEGATIONS",
    "NEGATION_KEEPS",
    "POSITIONS",
    "RELATIVE_PLACES",
    "SIZES",
    "SYNONYMS",
    "TARGETS",
    "TEMPLATES",
    "TEMPLATE_FOR",
    "TEXT_ANIMATIONS",
    "TEXT_LEADS",
    "TEXT_STOPS",
    "TOO_HIGH",
    "TRANSITIONS",
    "UNSUPPORTED",
    "VERBS",
    "WITH",
]

DIGITS: dict[str, int] = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

COLORS: dict[str, str] = {
    "红色": "#e53935",
    "红": "#e53935",
    "白色": "#ffffff",
    "白": "#ffffff",
    "黑色": "#000000",
    "黄色": "#fdd835",
    "黄": "#fdd835",
    "蓝色": "#1e88e5",
    "蓝": "#1e88e5",
    "浅蓝": "#4fc3f7",
    "绿色": "#43a047",
    "绿": "#43a047",
    "橙色": "#fb8c00",
    "粉色": "#f48fb1",
    "粉红": "#f48fb1",
    "紫色": "#8e24aa",
    "金色": "#d4af37",
    "灰色": "#9e9e9e",
    "棕色": "#6d4c41",
    "银色": "#c0c0c0",
}

INTENTS: dict[str, list[str]] = {
    "greeting": [r"你好", r"您好", r"嗨", r"哈喽"],
    "thanks": [r"谢谢", r"多谢", r"感谢", r"太好了", r"很好", r"不错"],
    "help": [r"帮助", r"你能做什么", r"怎么用", r"能做什么", r"举个例子"],
    "undo": [r"撤销", r"撤回", r"回到上一步", r"取消刚才", r"返回上一步", r"恢复原样"],
    "redo": [
        r"重做",
        r"恢复刚才的修改",
        r"再做一次",
        r"(?:恢复|还原|找回)(?:刚才|之前|我)?(?:被)?撤销",
        r"撤销(?:的|了的)?(?:操作|修改)?(?:再)?(?:恢复|还原|找回)",
        r"取消撤销",
    ],
    "export": [r"导出", r"下载", r"渲染", r"生成视频文件", r"保存视频", r"发给我"],
    "output": [r"分辨率", r"输出格式", r"格式为", r"导成"],
    "make": [
        r"(?:生成|制作|创建|做一个|做个|来一个|来个|弄一个|弄个)[^，。]{0,8}(?:幻灯片|视频|相册|短片|影集)",
        r"重新做",
    ],
    "music": [r"音乐", r"配乐", r"背景乐", r"歌", r"曲子", r"bgm"],
    "volume": [
        r"音量",
        r"声音(?:大|小|响|轻)",
        r"大声",
        r"小声",
        r"调高",
        r"调低",
        r"太吵",
        r"太响",
        r"静音",
        r"轻一点",
        r"响一点",
    ],
    "fade": [r"淡入", r"淡出", r"渐弱", r"渐强", r"渐入", r"渐出", r"慢慢(?:进|出|消失|响起)"],
    "duck": [r"闪避", r"原声时", r"压低音乐"],
    "clip_audio": [r"视频原声", r"原声", r"视频的声音", r"片段的声音"],
    "title": [r"标题", r"主题"],
    # 字体与文字动画（“用衬线字体”、“标题打字机效果”）
    "typeface": [r"字体", r"衬线", r"宋体", r"黑体"],
    "text_anim": [r"打字机", r"逐字", r"动画"],
    "subtitle": [r"副标题"],
    "caption": [r"字幕", r"文字", r"说明", r"文案", r"写上"],
    "transition": [r"转场", r"过渡", r"切换效果"],
    "style": [r"电影感", r"风格", r"浪漫", r"动感", r"活力", r"电影"],
    # 卡点、去掉模糊的、只保留最好的N张
    "beat_on": [
        r"卡点",
        r"踩点",
        r"(?:跟着|跟随|按照?|配合|对准|卡)(?:音乐的?)?(?:节拍|节奏|鼓点)",
        r"节拍同步",
        r"同步(?:到)?(?:音乐的?)?(?:节拍|节奏)",
    ],
    "beat_off": [
        r"(?:不|别|不要|取消|关掉|关闭|去掉)(?:再)?(?:卡点|踩点)",
        r"(?:取消|关掉|关闭)(?:节拍同步|同步节拍)",
        r"不(?:要)?(?:再)?(?:跟着|按)(?:音乐的?)?(?:节拍|节奏)",
    ],
    "keep_best": [r"最好", r"最佳", r"最美", r"最漂亮"],
    "blurry": [r"模糊", r"糊了", r"糊的", r"虚焦", r"失焦", r"不清楚", r"不清晰"],
    "duplicates": [r"重复", r"相似的?(?:照片|图)", r"一样的(?:照片|图)", r"差不多的(?:照片|图)"],
    "kenburns": [
        r"缩放",
        r"平移",
        r"动态效果",
        r"运动效果",
        r"推拉",
        r"镜头移动",
        r"动起来",
        r"动来动去",
        r"晃来晃去",
        r"ken ?burns",
    ],
    "aspect": [
        r"竖屏",
        r"横屏",
        r"方形",
        r"正方形",
        r"比例",
        r"(?:改|变|弄|做|调)成(?:竖|横)(?:的|着)",
        r"抖音",
        r"快手",
        r"小红书",
        r"视频号",
    ],
    "fit": [
        r"完整显示",
        r"全部显示",
        r"显示完整",
        r"模糊背景",
        r"不要裁剪",
        r"不裁剪",
        r"铺满",
        r"填满",
        r"裁剪",
        r"裁切",
        r"黑边",
    ],
    "reverse": [r"倒序", r"反过来", r"顺序颠倒", r"倒过来", r"逆序"],
    "sort": [r"排序", r"按时间", r"按日期", r"按名字", r"按文件名", r"按拍摄"],
    "shuffle": [r"打乱", r"随机(?:顺序|排列|排序)", r"乱序"],
    "swap": [r"交换", r"互换", r"对调", r"调换", r"换一?下(?!音乐|歌|风格)", r"换个?位置"],
    "move": [r"移到", r"放到", r"挪到", r"放在", r"移动", r"调到"],
    "remove": [
        r"删",
        r"删除",
        r"删掉",
        r"去掉",
        r"移除",
        r"不要",
        r"拿掉",
        r"去除",
        r"关掉",
        r"取消",
    ],
    "restore": [r"恢复", r"加回", r"放回", r"找回", r"重新加"],
    "trim": [r"剪辑", r"裁短", r"剪短", r"截取", r"只要前"],
    "total": [
        r"总长",
        r"总共",
        r"一共",
        r"总时长",
        r"整个视频",
        r"的视频$",
        r"视频长",
        r"(?:剪|缩短|加长|延长|拉长)到",
    ],
    "per_photo": [r"每张", r"每一张", r"每幅", r"每个"],
    "slower": [
        r"慢(?:很多|得多|多了)",
        r"慢一点",
        r"慢点",
        r"放慢",
        r"更慢",
        r"慢一些",
        r"慢些",
        r"太快",
    ],
    "faster": [
        r"快(?:很多|得多|多了)",
        r"快一点",
        r"快点",
        r"加快",
        r"更快",
        r"快一些",
        r"快些",
        r"太慢",
    ],
    "more": [r"很多", r"多一点", r"非常", r"特别", r"大大"],
    "less": [r"一点", r"一些", r"稍微", r"有点", r"略"],
    "up": [
        r"声音大",
        r"强一点",
        r"强一些",
        r"更强",
        r"加强",
        r"强烈",
        r"调高",
        r"大声",
        r"大一点",
        r"大些",
        r"提高",
        r"增大",
        r"响一点",
        r"更明显",
        r"太小",
    ],
    "down": [
        r"调低",
        r"小声",
        r"小一点",
        r"小些",
        r"降低",
        r"减小",
        r"轻一点",
        r"轻柔",
        r"太吵",
        r"太响",
    ],
    "off": [r"关掉", r"关闭", r"去掉", r"删除", r"不要", r"没有", r"取消", r"静音", r"停止"],
    "on": [r"打开", r"开启", r"加上", r"添加", r"要", r"启用"],
    "add": [r"加上", r"添加", r"加个", r"加一个", r"写上", r"放上", r"加"],
    "change": [r"换", r"改", r"更换", r"替换", r"别的"],
    "photo": [r"照片", r"图片", r"相片", r"张", r"图", r"视频", r"片段"],
    "most": [r"大部分", r"大多数", r"几乎全部", r"差不多全"],
    "only": [r"只用", r"只要", r"只保留", r"只留", r"仅用", r"只放"],
    "pronoun": [r"(?:这|那)(?:一)?(?:张|个)$", r"它$", r"[把将]它"],
    "sound": [r"声音", r"原声", r"音效"],
    "uploaded": [r"我的歌", r"我上传的", r"上传的"],
    # Platform presets: shortening a video to its platform's limit, and saying yes to it.
    "fit_limit": [r"剪短", r"缩短", r"裁短", r"剪掉", r"删短", r"控制在"],
    "trim_end": [r"结尾", r"最后"],
    "shape": [r"竖屏", r"横屏", r"竖版", r"横版", r"宽屏", r"方形", r"比例"],
    "yes": [r"^(?:好|好的|可以|行|是的|嗯|好啊|要)$"],
}

POSITIONS: dict[str, str] = {
    r"顶部": "top",
    r"上方": "top",
    r"上面": "top",
    r"最上": "top",
    r"底部": "bottom",
    r"下方": "bottom",
    r"下面": "bottom",
    r"最下": "bottom",
    r"中间": "center",
    r"居中": "center",
    r"中央": "center",
    r"正中": "center",
}


#: Which way a slide, push or wipe goes, when the words say so.
DIRECTIONS: dict[str, str] = {
    r"向右|往右|右": "right",
    r"向左|往左|左": "left",
    r"向上|往上": "up",
    r"向下|往下": "down",
}


TRANSITIONS: dict[str, str] = {
    r"黑场": "fade_black",
    r"黑色": "fade_black",
    r"白场": "fade_white",
    r"白色": "fade_white",
    r"交叉": "crossfade",
    r"溶解": "crossfade",
    r"淡入淡出": "crossfade",
    r"渐变": "crossfade",
    r"滑动": "slide_left",
    r"滑入": "slide_left",
    r"推入": "push_left",
    r"推": "push_left",
    r"擦除": "wipe_left",
    r"圆形": "circle",
    r"缩放": "zoom",
    r"无转场": "cut",
    r"不要转场": "cut",
    r"去掉转场": "cut",
    r"直接切": "cut",
    r"多种": "varied",
    r"随机": "varied",
    r"不同": "varied",
}

ASPECTS: dict[str, str] = {
    r"竖屏": "9:16",
    r"竖版": "9:16",
    r"抖音": "9:16",
    r"快手": "9:16",
    r"视频号": "9:16",
    r"(?:改|变|弄|做|调)成竖(?:的|着)": "9:16",
    r"横屏": "16:9",
    r"(?:改|变|弄|做|调)成横(?:的|着)": "16:9",
    r"横版": "16:9",
    r"宽屏": "16:9",
    r"正方形": "1:1",
    r"方形": "1:1",
    r"小红书": "4:5",
}

SIZES: dict[str, float] = {
    r"大一点": 0.075,
    r"大些": 0.075,
    r"更大": 0.075,
    r"放大": 0.075,
    r"大": 0.075,
    r"小一点": 0.035,
    r"小些": 0.035,
    r"更小": 0.035,
    r"缩小": 0.035,
    r"小": 0.035,
}

TARGETS: dict[str, int] = {
    r"最前面": 1,
    r"开头": 1,
    r"最前": 1,
    r"第一位": 1,
    r"第1位": 1,
    r"最后面": -1,
    r"结尾": -1,
    r"末尾": -1,
    r"最后$": -1,
}

SYNONYMS: list[tuple[str, ...]] = [
    ("海", "海边", "大海", "海景"),
    ("海滩", "沙滩"),
    ("日落", "夕阳", "黄昏", "日出"),
    ("教堂", "大教堂", "主教座堂"),
    ("贡多拉", "船", "威尼斯", "运河"),
    ("山", "山脉", "雪山"),
    ("美食", "披萨", "意面", "晚餐"),
    ("城市", "广场", "街道"),
    ("家人", "朋友", "孩子"),
    ("狗", "猫"),
    ("湖",),
    ("罗马", "斗兽场"),
    ("佛罗伦萨",),
    ("那不勒斯",),
    ("阿马尔菲",),
]

# --- what a clause means as a whole (see chat/polarity.py) ---------------------

# 不要 before a verb refuses it ("不要导出"); before a noun it removes ("不要音乐").
_VERB = (
    r"(?:删|导出|下载|渲染|改|换|加|关|去掉|移|放|打乱|用|调|设|做|变|排|交换|恢复|剪|静音|动画)"
)
NEGATIONS: list[str] = [
    r"别",
    r"(?:先|暂时|还)?不(?:要|用|必|需要)?(?=" + _VERB + ")",
    r"先不",
    r"暂时不",
    r"等(?:一下|会儿|等)?再",
]
NEGATION_KEEPS: list[str] = [
    r"为什么不", r"何不", r"(?:不要|不|别|不用|无需)(?:裁剪|裁切|剪裁|剪切)", r"不要动",
    r"(?:不要|别)(?:动|晃)来(?:动|晃)去", r"不要转场",
    r"(?:不|别|不要)(?:再)?(?:卡点|踩点)", r"不(?:要)?(?:再)?(?:跟着|按)(?:音乐的?)?(?:节拍|节奏)",
    r"不清(?:楚|晰)",
]  # fmt: skip
ABSENCE: list[str] = [r"不要", r"没有", r"无需"]
CORRECTIONS: list[str] = [r"不对", r"算了", r"不是不是", r"等等", r"我是说"]
KEEP: list[str] = [r"^(?:还是)?(?:保留|留着|不变|就这样)"]
VERBS: list[str] = [r"^(?:再)?(?:加|做|让|用|弄|同步)(?!它)"]
MULTIPLES: dict[str, float] = {
    r"加倍": 2.0,
    r"翻倍": 2.0,
    r"减半": 0.5,
    r"一半": 0.5,
    r"(\d+(?:\.\d+)?) ?倍": 0.0,
}
UNSUPPORTED: list[str] = [r"滤镜", r"贴纸", r"烟花", r"特效", r"旁白", r"同步"]

TOO_HIGH: list[str] = [r"超高清", r"蓝光"]
WITH: list[str] = [r"用"]


# -- The story: places, dates, chapters and the suggested title (chat/handlers_story.py) --
INTENTS.update(
    {
        "story_places": [r"地点", r"地名", r"拍摄地", r"在哪里拍"],
        "story_dates": [r"日期", r"拍摄时间", r"哪天拍"],
        "chapters": [r"章节", r"分章", r"标题卡", r"按(?:城市|地点|日期|天)分"],
        "story_keep": [r"保留", r"留着", r"只要", r"显示"],
        "suggest_title": [r"(?:建议|推荐|想|起)(?:一个|个)?标题", r"标题.{0,2}建议"],
        "suggested_title": [r"(?:用|使用|就用)(?:建议|推荐)的标题", r"自动标题"],
    }
)

#: The typeface a phrase asks for (无衬线 before 衬线, which it contains).
FONTS: dict[str, str] = {
    r"无衬线|现代|黑体|简洁": "sans",
    r"衬线|宋体|经典|优雅|传统": "serif",
}

#: How a title enters: “标题淡入”、“打字机效果”.
TEXT_ANIMATIONS: dict[str, str] = {
    r"打字机|逐字": "typewriter",
    r"上升|升起|往上飘|向上飘|从下(?:面|方)?(?:升|出|飘)": "rise",
    r"无动画|不要动画|没有动画|不要特效|静止": "none",
    r"淡入|渐显|渐入|浮现": "fade",
}

# 导出画质：“max” 是词汇表里的最高分辨率。
RESOLUTION_ALIASES: dict[str, str] = {
    r"(?<!超)高清|超清|高画质|最高画质|最好的画质|画质最好": "max",
    r"标清|低画质|流畅画质": "480p",
}

# 日期和地点用哪种语言写：“日期用英文”。
TEXT_LANGUAGES: dict[str, str] = {
    r"(?:用|换成|改成|写成)?(?:中文|汉语|汉字)": "zh",
    r"(?:用|换成|改成|写成)?(?:英文|英语)": "en",
    r"(?:用|换成|改成|写成)?(?:意大利文|意大利语|意语)": "it",
}

# --- the person's own words (see chat/interpreter.py) ----------------------------

#: "我不要X": the person wants X gone; the words that take it away instead.
DONT_WANT: list[str] = [r"^(?:我)?(?:不要|不想要|不需要|不用)"]
DONT_WANT_AS = "去掉"
#: "... che segua il ritmo": not wanted, the cuts leave the beat.
DONT_WANT_BEAT = "不卡点"

#: Unquoted texts: where a title or caption's words start ("标题 夏日回忆", "开头写上生日
#: 快乐"), and the role they are for (see lexicon_it.TEXT_LEADS).
TEXT_LEADS: list[tuple[str, str]] = [
    (r"^(?:把)?标题(?:写上|写成|写|改为|叫)\s*", "title"),
    (r"^标题\s+", "title"),
    # "标题海边假期"; never "标题放到底部", "标题大一点", "标题用衬线体"
    (
        r"^标题(?!放|用|改|换|移|删|去|不|大|小|加|颜色|字体|位置|在|再|要|的|和|跟|也|居|靠|从|出现|显示|停留|持续|动画|淡|字|红|黄|白|黑|蓝|绿|往|向|变|设)",
        "title",
    ),
    (r"^开头(?:写上|写|加上)\s*", "title"),
    (r"^视频(?:的)?(?:名字|名称|标题)叫\s*", "title"),
    (r"^第\S{1,3}张(?:的字幕写|配字|写上)\s*", "caption"),
]
TEXT_STOPS: list[str] = []

#: A place said relative to another photo (see lexicon_it.RELATIVE_PLACES).
RELATIVE_PLACES: dict[str, str] = {r"前面|之前|前边": "before", r"后面|之后|后边|中间": "after"}
#: "non voglio che segua il ritmo": the words that say the beat is what is not wanted.
DONT_WANT_BEAT_WORDS: list[str] = [r"节拍|节奏|卡点"]
#: "non voglio esportare", "I don't want to ...": an action refused, not a thing wanted gone.
DONT_WANT_ACTION: list[str] = [r"^(?:再|去|把|给|让)"]

# -- 视频怎么结尾：淡出、直接结束或片尾字卡（chat/handlers_ending.py）--
INTENTS.update(
    {
        "ending": [r"片尾", r"结尾", r"视频最后", r"最后(?:淡出|渐隐|黑场)"],
    }
)

#: 要哪种结尾；第一个匹配的为准。
ENDING_KINDS: dict[str, str] = {
    r"不要淡出|不淡出|别淡出": "cut",
    r"字卡|卡片|片尾字幕|结束语": "card",
    r"直接(?:结束|切断|停)|硬切|戛然而止|切断": "cut",
    r"淡出|渐隐|黑场|淡化": "fade",
}


# “视频大声一点”：幻灯片里有视频片段时，指片段自己的声音（chat/handlers_sound.py）。
INTENTS.update({"clip_louder": [r"视频(?:大声|小声|响)一?点"]})

# -- 模板："用婚礼模板"、"做一个生日视频"（chat/handlers_template.py）
INTENTS.update({"template": [r"模板", r"模版"]})

#: 哪个内置模板；先匹配的优先。
TEMPLATES: dict[str, str] = {
    r"生日": "compleanno",
    r"婚礼|结婚": "matrimonio",
    r"毕业": "laurea",
    r"洗礼|圣餐": "battesimo",
    r"旅行|旅游": "viaggio",
    r"圣诞": "natale",
    r"海边|沙滩": "mare",
    r"周年|纪念日": "anniversario",
}
#: 模板为谁做："给Maria"、"为Luca"。
TEMPLATE_FOR: list[str] = [r"(?:给|为|送给)\s*(?=\S)"]

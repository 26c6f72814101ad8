"""The spam filter catches whole families of contact solicitation, not single phrases."""

import pytest

from comments import moderation, text

# Each family, written the ways spammers vary it. Hidden cases use other members.
FAMILIES = {
    "QQ in other words": [
        "有问题扣扣联系 2846123",
        "抠抠:2846123 送资料",
        "企鹅 2846 1230 交流",
        "我的企鹅是多少你们知道的",
        "加我企鹅,带你看盘",
        "Q号 28461230",
        "球球 2846123 每日早盘",
        "秋秋号发你了",
        "QQ: 2846123",
        "ＱＱ２８４６１２３",
        "q q 2 8 4 6 1 2 3",
        "扣扣上聊,这里不方便",
        "有需要的 Q我",
        "留个扣扣,私下分享",
        "add my qq 2846123",
        "my penguin: 2846123",
        "企鹅群 88886666 免费进",
        "扣扣号 二八四六一二三",
        "蔻蔻同号",
    ],
    "Telegram handles": [
        "电报 @gupiao_888",
        "飞机 @niugu666",
        "TG: @stock_king",
        "tg @stockking 联系",
        "联系 @ alpha_trader",
        "@gp_8888 每日内参",
        "t.me/niugu888",
        "https://t.me/joinchat/abc",
        "纸飞机搜 stockvip",
        "电报号 stockvip88",
        "飞机号:niugu666",
        "下载电报找我",
        "飞机群里有内参",
        "telegram: gpking",
        "TG群 每天推票",
        "加tg 领取资料",
    ],
    "private message me": [
        "想要指标源码的私信",
        "需要的私我",
        "感兴趣私聊",
        "私戳领取",
        "有意者滴滴我",
        "要资料的加我",
        "有问题找我",
        "具体联系我",
        "戳我领取",
        "pm me for the list",
        "DM me",
        "dm我拿公式",
        "私 信 我 送策略",
        "私★信领取",
        "看不懂的 敲我",
        "想要的扣1",
        "需要公式的扣 一",
        "联系方式看我主页",
        "有需要可以找我聊",
    ],
    "WeChat homophones and look-alikes": [
        "加威信 gp888",
        "威信号 gp8888",
        "薇信 gp8888",
        "徽信:gp8888",
        "V信 gp8888",
        "v芯 gp8888",
        "咖V gp8888",
        "伽v gp8888",
        "十v gp8888",
        "➕V gp8888",
        "✚薇 gp8888",
        "➕微信 gp8888",
        "加 薇 gp8888",
        "卫星号 gp8888",
        "微心号 gp8888",
        "维信联系",
        "Wei Xin: gupiao888",
        "weixin gupiao888",
        "ѵх: gupiao888",  # Cyrillic look-alikes of vx
        "ⓥⓧ gupiao888",
        "𝐯𝐱 gupiao888",
        "ｖ　ｘ gupiao888",
        "薇❤ gp888",
        "V❤:gupiao888",
        "留个vx",
        "我的微信 gp88888",
        "微信号是 gupiao888",
        "加微 信",
        "加 微 心",
        "薇xin gp888",
    ],
    "decorations between the characters": [
        "加★微★信 gp888",
        "加❤微❤信",
        "加~微~信",
        "加_微_信",
        "加•V•详聊",
        "加·薇",
        "v★x gupiao888",
        "v~x: gupiao888",
        "扣☆扣 2846123",
        "Q★Q 2846123",
        "企•鹅号",
        "私♥聊",
        "加 😊 微 😊 信",
        "加\u0332微\u0332信",  # combining underline
        "电~报~群",
        "1★3★8 0013 8000",
    ],
}

CASES = [(family, body) for family, bodies in FAMILIES.items() for body in bodies]

# What readers of an indicator article really write: trading words that share characters
# with the contact families (加仓, 微调, 信号, 私募, 十字星, Q3, @ an author …).
ORDINARY = [
    "MACD 金叉之后我加仓了",
    "回调到均线附近再加仓",
    "加码之前先看成交量",
    "参数微调一下效果就不一样",
    "微信上看到这篇文章,写得好",
    "朋友在微信群里转发的这篇",
    "我的微信群里也在讨论这个指标",
    "微信公众号上也有类似文章",
    "KDJ 的信号比 MACD 快",
    "W 底信号出现了吗",
    "V 型反转之后怎么判断",
    "背离信号和 DIV 信号是一回事吗",
    "十字星出现在高位要小心",
    "私募基金也用这个指标吗",
    "再加威廉指标一起看效果更好",
    "MACD+VOL 一起看,信号更稳",
    "我 QQ 空间里也转发了",
    "用QQ浏览器打开图表很慢",
    "Q3 营收 12345 万,同比增长",
    "2023Q4 的行情里 KDJ 钝化得厉害",
    "@陈默 老师讲得很清楚",
    "@alan 说得对,我也这么看",
    "增加我的仓位之前先看 RSI",
    "寻找我的买点时常用布林线",
    "这两个指标有什么联系?",
    "追加我一点耐心,等金叉",
    "坐飞机去上海开会路上看完的",
    "威廉指标和 KDJ 很像",
    "我找了很久终于找到这篇",
    "平安银行 000001 今天走势不错",
    "成交额 15000000000 元,创了新高",
    "作者的威信不是吹出来的,回测都对得上",
    "TSLA 和 NVDA 的 RSI 都超买了",
    "邮件里问过作者,回复很快",
    "加了 20 日均线后清楚多了",
    "十日均线和二十日均线交叉",
    "唯心地看指标是不行的",
    "参加我们公司的投教活动时听过",
    "vol 放大才算有效突破",
    "找我感兴趣的股票时先看均线",
    "加我对 MACD 的理解很有帮助",
    "手续费被扣1个点",
    "扣非净利润增长了",
    "个人主页上的回测图很清楚",
    "今天 14:30 之后放量了",
]


@pytest.mark.parametrize(("family", "body"), CASES)
def test_every_member_of_a_contact_family_is_held(family, body):
    """Each variant of a family gives a reason to hold the comment."""
    problems = moderation.find_problems(body, extra=[])
    assert any(p.startswith("疑似联系方式") for p in problems), f"{family}: {body}"


@pytest.mark.parametrize("body", ORDINARY)
def test_ordinary_investor_comments_are_not_held(body):
    """Trading talk that shares characters with the families passes untouched."""
    assert moderation.find_problems(body, extra=[]) == []


def test_each_family_has_many_variants():
    """The tables test families, not examples: at least a dozen variants each."""
    assert all(len(set(bodies)) >= 12 for bodies in FAMILIES.values())
    assert len(set(ORDINARY)) >= 30


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("ѵх", "vx"),  # Cyrillic
        ("νχ", "vx"),  # Greek
        ("ⓥⓧ", "vx"),  # circled
        ("𝐯𝐱", "vx"),  # mathematical bold
        ("ｖｘ", "vx"),  # full-width
        ("ＱＱ", "qq"),
        ("微信號", "微信号"),  # traditional
        ("加★微•信", "加微信"),
        ("〇", "〇"),  # the Chinese zero stays itself for the digits view
    ],
)
def test_look_alikes_fold_before_matching(disguised, plain):
    """Confusable letters, widths and traditional forms become one spelling."""
    assert text.compact(disguised) == plain

"""The spam filter holds solicitation and contact harvesting, and lets investor talk through."""

import pytest

from comments import moderation, text
from comments.models import Comment, ModerationPhrase
from tests.comment_helpers import body_of, post_comment
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

# Phrasings seen under Chinese finance articles, with the usual disguises.
SPAM = [
    "想要每天牛股推荐的加微信 abc12345",
    "老师免费荐股,加V:gupiao888",
    "+薇 stock2024,带你抓涨停",
    "有需要的朋友 vx: niugu_666",
    "扣扣 3 8 7 6 5 4 3 2 1 领取内部资料",
    "进Q群 12345678 一起交流",
    "咨询电话 138 0013 8000",
    "联系我:１３８００１３８０００",
    "一三八零零一三八零零零 随时联系",
    "保证收益,跟着操作就行",
    "稳赚不赔的策略,有兴趣私信我",
    "三个月资金翻倍不是梦",
    "有内幕消息,明天就拉升",
    "加\u200b微\u200b信 领取资料",
    "加\u202e微信\u202c 送三只股票",
    "ｖｘ:ｇｕ６６６６",
    "加 V 详聊",
    "WeChat: niugu888 每日推票",
    "月收益30%,名额有限",
    "涨停板敢死队,带你日赚5%",
    "欢迎加入我们的股票交流群",
    "看这里 www.a-stock.com http://b.cn/x https://c.top/y",
    "q q: 123456789 免费诊股",
    "有意者加V gp8888",
    "v x gp8888 同号",
]

# Real questions and remarks from readers: numbers, WeChat mentions, 翻倍 of volume.
INVESTOR_TALK = [
    "MACD 金叉之后我加仓了",
    "微信上看到这篇文章,写得好",
    "RSI 设 14 天还是 6 天比较合适?",
    "茅台 1500 附近有支撑吗",
    "我用的是同花顺,参数是 12、26、9",
    "上证指数 3000 点附近震荡了很久",
    "2023 年的行情里 KDJ 钝化得厉害",
    "成交量翻倍之后第二天就回落了",
    "布林线开口之后怎么判断方向?",
    "请问作者用的是前复权还是后复权数据?",
    "我 QQ 空间里也转发了",
    "推荐股票软件有哪些?",
    "今日赚了一点,今日入场两次",
    "均线 5、10、20、60 四条线怎么设置",
    "对照了 https://www.sse.com.cn 的数据,一致",
    "朋友在微信群里转发的这篇,写得好",
    "再加威廉指标一起看效果更好",
    "MACD+VOL 一起看,信号更稳",
    "成交额 15000000000 元,创了新高",
    "平安银行 000001 今天走势不错",
]


@pytest.mark.parametrize("body", SPAM)
def test_spam_phrasings_are_found(body):
    """Every real-world solicitation, however disguised, gives a reason to hold it."""
    assert moderation.find_problems(body, extra=[]) != []


@pytest.mark.parametrize("body", INVESTOR_TALK)
def test_normal_investor_talk_passes(body):
    """Ordinary comments with numbers, tickers and 微信 mentions are not held."""
    assert moderation.find_problems(body, extra=[]) == []


def test_there_are_enough_cases_on_both_sides():
    """The issue asks for at least 15 spam phrasings and 10 normal comments."""
    assert len(set(SPAM)) >= 15 and len(set(INVESTOR_TALK)) >= 10


def test_held_spam_is_stored_with_a_readable_reason_not_dropped(client):
    """Through the real endpoint: the comment is kept as held, with the reason in Chinese."""
    article = ArticleFactory()
    response = post_comment(client, article, body="加 微 信 gupiao888,保证收益")
    assert response.status_code == 201 and body_of(response)["status"] == "held"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    assert comment.held_reason == "疑似联系方式:加微信;疑似荐股或收益承诺:保证收益"


def test_normalising_undoes_full_width_zero_width_and_direction_tricks():
    """NFKC, invisible characters removed, lower case; compact drops spaces and punctuation."""
    assert text.normalise("ＶＸ\u200b１２３\u202e") == "vx123"
    assert text.compact("加 - 微 . 信") == "加微信"
    assert text.digits_view("一三八 0013 八〇〇〇") == "13800138000"


def test_more_than_the_allowed_links_is_held(settings):
    """Two links are fine, three are held; the limit is a setting."""
    two = "https://a.cn/1 和 https://b.cn/2"
    three = two + " 还有 www.c.com"
    assert moderation.find_problems(two, extra=[]) == []
    assert moderation.find_problems(three, extra=[]) == ["链接过多:3 个链接"]
    settings.COMMENTS_MAX_LINKS = 3
    assert moderation.find_problems(three, extra=[]) == []


def test_admin_phrases_extend_the_lists(client):
    """A phrase added in the admin holds comments without a deploy; inactive ones do not."""
    article = ArticleFactory()
    ModerationPhrase.objects.create(phrase="财富 密码", kind=ModerationPhrase.Kind.PROMOTION)
    ModerationPhrase.objects.create(phrase="老铁", is_active=False)
    post_comment(client, article, body="这是财富-密码,懂的都懂")
    post_comment(client, article, body="老铁说得对")
    held, passed = Comment.objects.order_by("pk")
    assert held.status == Comment.Status.HELD
    assert held.held_reason == "疑似荐股或收益承诺:财富密码"
    assert passed.status == Comment.Status.APPROVED


def test_word_list_file_is_a_setting(settings, tmp_path):
    """The rules come from the TOML file named in settings, re-read when it changes."""
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[group]]\nreason = "测试"\nphrases = ["金叉"]\n\n[names]\nreserved = []\n',
        encoding="utf-8",
    )
    settings.COMMENTS_RULES_FILE = str(rules)
    assert moderation.find_problems("MACD 金 叉", extra=[]) == ["测试:金叉"]
    assert moderation.find_problems("加微信", extra=[]) == []


def test_premoderation_setting_holds_every_anonymous_comment(client, settings):
    """With COMMENTS_PREMODERATE on, even clean comments wait for a moderator."""
    settings.COMMENTS_PREMODERATE = True
    response = post_comment(client, ArticleFactory(), body="写得很好")
    assert body_of(response)["status"] == "held"
    assert Comment.objects.get().held_reason == "先审后发：所有评论需审核"


def test_the_name_is_checked_for_spam_too(client):
    """A contact detail hidden in the name holds the comment like one in the body."""
    post_comment(client, ArticleFactory(), name="加V gp8888", body="好文")
    assert Comment.objects.get().status == Comment.Status.HELD


@pytest.mark.parametrize(
    "name", ["管理员", "K线学堂客服", "官 方", "ａｄｍｉｎ", "站\u200b长", "小编", "周老师"]
)
def test_anonymous_readers_cannot_pose_as_staff(client, name):
    """Staff words (after normalising) and real pen names are refused with a form error."""
    article = ArticleFactory(author=AuthorFactory(profile__display_name="周老师"))
    response = post_comment(client, article, name=name)
    assert response.status_code == 400
    assert "误认为本站工作人员" in body_of(response)["errors"]["name"][0]
    assert not Comment.objects.exists()


def test_names_lose_control_and_direction_characters(client):
    """Invisible and direction-override characters are stripped from the stored name."""
    post_comment(client, ArticleFactory(), name="\u202e老刘\u200b 的\tK线\u2066")
    assert Comment.objects.get().name == "老刘 的 K线"


def test_a_broken_rules_file_fails_the_system_check(settings, tmp_path):
    """A bad regular expression or missing file is caught by `manage.py check`, not by a reader."""
    from comments.checks import moderation_rules_load

    assert moderation_rules_load(None) == []
    broken = tmp_path / "rules.toml"
    broken.write_text(
        '[[group]]\nreason = "x"\npatterns = [{ label = "x", view = "text", regex = "(" }]\n',
        encoding="utf-8",
    )
    settings.COMMENTS_RULES_FILE = str(broken)
    assert [e.id for e in moderation_rules_load(None)] == ["comments.E001"]
    settings.COMMENTS_RULES_FILE = str(tmp_path / "missing.toml")
    assert [e.id for e in moderation_rules_load(None)] == ["comments.E001"]

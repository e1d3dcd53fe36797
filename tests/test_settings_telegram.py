"""/settings end to end against the fake Bot API: the menu, quiet delivery, 繁體 output, digest time, admins only."""

from __future__ import annotations

from bot.render.script import in_script
from bot.state.chats import ChatPrefs, ChatStore
from bot.state.subscriptions import open_store
from bot.telegram import settings_menu
from tests.alert_harness import Archive, alert_bot, archive, clock, settled  # noqa: F401
from tests.fake_bot_api import GROUP_ID, USER_ID, FakeBotApi
from tests.telegram_harness import button_labels, exchange, run

MENU = "<b>设置</b>\n每日摘要：未订阅\n推送：有提示音\n文字：简体"


async def press(fake: FakeBotApi, chat_id: int, label: str, user_id: int | None = None) -> dict:
    """Press a button of the chat's latest menu; return the menu as it is after the press."""
    menu = [m for m in fake.messages(chat_id) if m.get("reply_markup")][-1]
    edits = len(fake.calls("editMessageText"))
    answers = len(fake.calls("answerCallbackQuery"))
    fake.press_button(menu, label, user_id=user_id)
    await fake.wait_calls("answerCallbackQuery", answers + 1)
    if fake.calls("answerCallbackQuery")[-1]["params"].get("text") == settings_menu.SAVED:
        await fake.wait_calls("editMessageText", edits + 1)
    return next(m for m in fake.messages(chat_id) if m["message_id"] == menu["message_id"])


def test_settings_menu_quiet_delivery_and_traditional_output(fake_bot_api: FakeBotApi, archive: Archive) -> None:
    fake = fake_bot_api

    async def scenario() -> tuple[dict, list[dict], list[dict], ChatPrefs]:
        with ChatStore.open(archive.data) as store:
            async with alert_bot(fake, archive, store, clock()) as bot:
                await settled(bot.app)
                [menu] = await exchange(fake, lambda: fake.send_message("/settings"), USER_ID)
                menus = [await press(fake, USER_ID, label) for label in ("静音推送：关", "繁體", "08:00")]
                [reply] = await exchange(fake, lambda: fake.send_message("/alert 数字化城管"), USER_ID)
                before = len(fake.messages(USER_ID))
                archive.add_issue()
                [alert] = (await fake.wait_messages(USER_ID, before + 1, timeout=30))[before:]
                return menu, menus, [reply, alert], store.prefs(USER_ID)

    menu, (quiet, hant, timed), (reply, alert), prefs = run(scenario(), timeout=60)
    assert menu["text"] == MENU
    assert button_labels(menu) == [["06:00", "07:00", "08:00", "09:00"], ["12:00", "18:00", "21:00"],
                                   ["静音推送：关"], ["✓简体", "繁體"]]
    assert quiet["text"] == MENU.replace("有提示音", "静音（不响铃）") and button_labels(quiet)[2] == ["静音推送：开 ✓"]
    assert hant["text"] == in_script(MENU.replace("有提示音", "静音（不响铃）").replace("简体", "繁體"), "hant")
    assert hant["text"].startswith("<b>設置</b>") and button_labels(hant)[3] == ["簡體", "✓繁體"]
    assert timed["text"].split("\n")[1] == in_script("每日摘要：每天 08:00 (Asia/Shanghai)", "hant")
    assert button_labels(timed)[0][2] == "✓08:00" and button_labels(timed)[2] == [in_script("取消每日摘要", "hant")]
    assert prefs == ChatPrefs(quiet=True, script="hant")
    assert open_store(archive.data).get(USER_ID).time.hour == 8
    assert reply["text"].startswith("已關注“數字化城管”") and reply["disable_notification"] is False  # answers ring
    assert alert["text"].startswith("<b>關注提醒：《許昌日報》2021年10月14日 有 1 篇報道</b>")
    assert alert["disable_notification"] is True  # what the bot pushes is quiet
    assert button_labels(alert) == [[in_script("原文 1. 我市9月份数字化城市管理绩效考核成绩出炉", "hant")]]
    assert "績效考覈" in button_labels(alert)[0][0]  # OpenCC s2t's own reading of 考核


def test_only_administrators_change_a_groups_settings(fake_bot_api: FakeBotApi, archive: Archive) -> None:
    fake, admin, member = fake_bot_api, 3003, USER_ID
    fake.set_member_status("administrator", user_id=admin)

    async def scenario() -> tuple[str, dict, list[dict], ChatPrefs]:
        with ChatStore.open(archive.data) as store:
            async with alert_bot(fake, archive, store, clock()):
                [refused] = await exchange(fake, lambda: fake.send_group_message("/settings", user_id=member), GROUP_ID)
                [menu] = await exchange(fake, lambda: fake.send_group_message("/settings", user_id=admin), GROUP_ID)
                after = await press(fake, GROUP_ID, "静音推送：关", user_id=member)
                fake.send_callback_query(menu, "cfg:s:klingon", user_id=admin)  # forged data
                await fake.wait_calls("answerCallbackQuery", 2)
                return refused["text"], after, fake.calls("answerCallbackQuery"), store.prefs(GROUP_ID)

    refused, after, answers, prefs = run(scenario(), timeout=40)
    assert refused == settings_menu.ADMINS_ONLY
    assert after["text"] == MENU and "edit_date" not in after
    assert [(a["params"].get("text"), a["params"].get("show_alert")) for a in answers] == [
        (settings_menu.ADMINS_ONLY, True), ("这个按钮已经失效，请重新发送 /settings。", None)]
    assert prefs == ChatPrefs()

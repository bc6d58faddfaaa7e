"""The recovery key of an encrypted database on one A4 page, to print and keep in a safe (issue 23)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from township_desk.reports.fonts import register_cjk_font

NOTICE = (
    "这是本乡镇党建工作台数据库的恢复密钥。忘记全部密码时，只有用它才能打开加密的数据库；",
    "恢复密钥和密码都丢失，数据将无法找回，任何人（包括软件开发者）都无法解密。",
    "请将本页打印后密封，存放在保险柜等安全的地方，不要与电脑放在一起，不要拍照或另存电子版。",
)


def render_recovery_key(out: Path, database: str, recovery_key: str, when: datetime | None = None) -> Path:
    """One page: title, the database's name, the key in large letters, the date, the notice, signatures."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    font = register_cjk_font()
    canvas = Canvas(str(out), pagesize=A4)
    canvas.setTitle("数据库恢复密钥")
    width, height = A4
    canvas.setFont(font, 20)
    canvas.drawCentredString(width / 2, height - 35 * mm, "乡镇党建工作台 数据库恢复密钥")
    canvas.setFont(font, 12)
    y = height - 55 * mm
    canvas.drawString(25 * mm, y, f"数据库文件：{database}")
    y -= 8 * mm
    canvas.drawString(25 * mm, y, f"生成时间：{(when or datetime.now()):%Y-%m-%d %H:%M}")
    groups = recovery_key.split("-")
    canvas.setFont("Courier-Bold", 18)
    y -= 18 * mm
    for start in range(0, len(groups), 5):
        canvas.drawCentredString(width / 2, y, "  ".join(groups[start : start + 5]))
        y -= 11 * mm
    canvas.setFont(font, 11)
    y -= 8 * mm
    for paragraph in NOTICE:
        for start in range(0, len(paragraph), 38):  # about 160 mm of 11-point characters
            canvas.drawString(25 * mm, y, paragraph[start : start + 38])
            y -= 7 * mm
    y -= 15 * mm
    canvas.drawString(25 * mm, y, "保管人签字：________________        日期：____________")
    canvas.showPage()
    canvas.save()
    return out

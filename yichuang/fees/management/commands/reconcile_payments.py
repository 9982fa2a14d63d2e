import datetime as dt

from django.core.management.base import BaseCommand

from yichuang.fees.reconcile import reconcile


class Command(BaseCommand):
    help = "与统一公共支付平台的对账单逐笔核对(默认为前一日):补记未收到通知的缴费,差异列出待人工处理。"

    def add_arguments(self, parser):
        parser.add_argument("--day", type=dt.date.fromisoformat, default=None, help="对账日期 YYYY-MM-DD")

    def handle(self, *args, day=None, **options):
        outcome = reconcile(day)
        words = {
            "applied": "补记到账",
            "already": "已入账",
            "duplicate": "重复缴费待退",
            "unknown": "订单不存在",
            "mismatch": "金额不一致",
            "missing_at_provider": "平台无记录",
            "refund_applied": "补记退款",
            "refund_already": "退款已入账",
            "refund_unknown": "退款单号不存在",
            "refund_mismatch": "退款金额不一致",
            "refund_missing_at_provider": "平台无退款记录",
            "refund_retried": "重新发起退款成功",
        }
        self.stdout.write("对账完成:" + (",".join(f"{words.get(k, k)} {v} 笔" for k, v in outcome.items()) or "无流水"))

"""党费 per the 2008 规定: 年薪制, no new payroll deduction, 代缴 with the branch's consent."""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models
from django.db.models import F

DUES_YEAR = import_module("branches.migrations.0009_dues_year")


def mark_earlier_proxies(apps, schema_editor):
    """Payments by proxy recorded before consent was asked for: the consent is marked as
    not recorded (dated the day paid) so that the new constraint holds; nothing is invented
    about who agreed."""
    DuesPayment = apps.get_model("affairs", "DuesPayment")
    DuesPayment.objects.exclude(proxy="").filter(proxy_consent_on__isnull=True).update(
        proxy_consent_by="（未记录）", proxy_consent_on=F("paid_on")
    )


def reinstall_sqlite_triggers(apps, schema_editor):
    """SQLite alters a table by copying it into a new one, which drops its triggers: the
    `DuesYear` summary's (branches 0009) are put back on the new payments table. PostgreSQL
    alters in place and keeps them."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in (*DUES_YEAR.SQLITE_REVERSE, *DUES_YEAR.SQLITE):
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('affairs', '0002_votes_as_counts'),
        ('branches', '0011_activity_month_long'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='duespayment',
            name='proxy_consent_by',
            field=models.CharField(blank=True, db_default='', max_length=50, verbose_name='proxy agreed for the branch by'),
        ),
        migrations.AddField(
            model_name='duespayment',
            name='proxy_consent_on',
            field=models.DateField(blank=True, null=True, verbose_name='proxy agreed on'),
        ),
        migrations.AlterField(
            model_name='duesbase',
            name='category',
            field=models.CharField(choices=[('in_service', 'in service (monthly pay)'), ('annual_pay', 'annual salary (年薪制)'), ('retired', 'retired'), ('no_income', 'student, unemployed or on subsistence allowance')], default='in_service', max_length=12, verbose_name='category'),
        ),
        migrations.AlterField(
            model_name='duesbase',
            name='income',
            field=models.DecimalField(decimal_places=2, help_text='In service: the regular monthly pay after tax. Annual salary: the pay actually received that month. Retired: the whole pension received (离退休费总额或养老金总额).', max_digits=10, verbose_name='monthly income (yuan)'),
        ),
        migrations.AlterField(
            model_name='duespayment',
            name='method',
            field=models.CharField(choices=[('cash', 'cash'), ('transfer', 'bank transfer'), ('wechat', 'WeChat / Alipay'), ('payroll', 'deducted from pay (no longer accepted)')], default='cash', max_length=10, verbose_name='paid by'),
        ),
        migrations.RunPython(mark_earlier_proxies, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='duespayment',
            constraint=models.CheckConstraint(condition=models.Q(('proxy', ''), models.Q(models.Q(('proxy_consent_by', ''), _negated=True), ('proxy_consent_on__isnull', False)), _connector='OR'), name='dues_payment_proxy_consented'),
        ),
        migrations.RunPython(reinstall_sqlite_triggers, migrations.RunPython.noop),
    ]

"""组织关系转接 with its 介绍信 and 回执, moves into the company, 预备党员 in 民主评议, 谈心谈话."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('affairs', '0004_recruitment_25_steps_notices_plan'),
        ('branches', '0011_activity_month_long'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Talk',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('gist', models.TextField(verbose_name='gist')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
            ],
            options={
                'verbose_name': 'heart-to-heart talk',
                'verbose_name_plural': 'heart-to-heart talks',
                'ordering': ['-held_on', '-id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='transfer',
            name='transfer_destination_matches_kind',
        ),
        migrations.AddField(
            model_name='appraisal',
            name='ungraded',
            field=models.ManyToManyField(blank=True, related_name='+', to='branches.member', verbose_name='taking part without a grade'),
        ),
        migrations.AddField(
            model_name='transfer',
            name='dues_paid_until',
            field=models.DateField(blank=True, help_text='党费交至: the last month the member has paid dues for.', null=True, verbose_name='dues paid up to'),
        ),
        migrations.AddField(
            model_name='transfer',
            name='letter_issued_on',
            field=models.DateField(blank=True, null=True, verbose_name='letter issued on'),
        ),
        migrations.AddField(
            model_name='transfer',
            name='letter_valid_until',
            field=models.DateField(blank=True, null=True, verbose_name='letter valid until'),
        ),
        migrations.AddField(
            model_name='transfer',
            name='origin',
            field=models.CharField(blank=True, help_text='For a move into the company: the party organisation that issued the letter.', max_length=100, verbose_name='sending organisation'),
        ),
        migrations.AddField(
            model_name='transfer',
            name='receipt_by',
            field=models.CharField(blank=True, max_length=100, verbose_name='receipt signed by'),
        ),
        migrations.AddField(
            model_name='transfer',
            name='receipt_on',
            field=models.DateField(blank=True, null=True, verbose_name='receipt returned on'),
        ),
        migrations.AlterField(
            model_name='transfer',
            name='from_branch',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.branch', verbose_name='from branch'),
        ),
        migrations.AlterField(
            model_name='transfer',
            name='kind',
            field=models.CharField(choices=[('internal', 'to another branch'), ('out', 'out of the company'), ('in', 'into the company')], max_length=10, verbose_name='kind'),
        ),
        migrations.AddConstraint(
            model_name='transfer',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'internal'), ('to_branch__isnull', False), ('from_branch__isnull', False)), models.Q(('kind', 'out'), ('to_branch__isnull', True), ('from_branch__isnull', False), models.Q(('letter_no', ''), _negated=True)), models.Q(('kind', 'in'), ('to_branch__isnull', False), ('from_branch__isnull', True), models.Q(('letter_no', ''), _negated=True)), _connector='OR'), name='transfer_destination_matches_kind'),
        ),
        migrations.AddConstraint(
            model_name='transfer',
            constraint=models.CheckConstraint(condition=models.Q(('letter_valid_until__isnull', True), ('letter_issued_on__isnull', True), ('letter_valid_until__gte', models.F('letter_issued_on')), _connector='OR'), name='transfer_letter_valid_after_issue'),
        ),
        migrations.AddConstraint(
            model_name='transfer',
            constraint=models.CheckConstraint(condition=models.Q(('dues_paid_until__isnull', True), ('dues_paid_until__day', 1), _connector='OR'), name='transfer_dues_paid_until_month'),
        ),
        migrations.AddConstraint(
            model_name='transfer',
            constraint=models.CheckConstraint(condition=models.Q(('receipt_on__isnull', True), ('kind', 'out'), _connector='OR'), name='transfer_receipt_only_out'),
        ),
        migrations.AddField(
            model_name='talk',
            name='branch',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='talks', to='branches.branch', verbose_name='branch'),
        ),
        migrations.AddField(
            model_name='talk',
            name='recorded_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
        ),
        migrations.AddField(
            model_name='talk',
            name='talkee',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='talks_had', to='branches.member', verbose_name='with'),
        ),
        migrations.AddField(
            model_name='talk',
            name='talker',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='talks_held', to='branches.member', verbose_name='talked'),
        ),
        migrations.AddIndex(
            model_name='talk',
            index=models.Index(fields=['branch', 'held_on'], name='talk_branch_held_idx'),
        ),
        migrations.AddConstraint(
            model_name='talk',
            constraint=models.CheckConstraint(condition=models.Q(('talker', models.F('talkee')), _negated=True), name='talk_between_two'),
        ),
    ]

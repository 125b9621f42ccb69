"""The party-affairs models, taken over from `branches` with their tables as they are.

State only (SeparateDatabaseAndState): the tables `branches_*` and their rows, indexes,
constraints and triggers were made by branches 0004 and 0009 and do not change; see
branches/migrations/0010_affairs_moved_out.py.
"""

import django.db.models.deletion
import hongjun.uploads
import uuid
from django.conf import settings
from django.db import migrations, models

from hongjun.migration_ops import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('branches', '0010_affairs_moved_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Applicant',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=50, verbose_name='name')),
                        ('gender', models.CharField(blank=True, choices=[('m', 'male'), ('f', 'female')], max_length=1, verbose_name='gender')),
                        ('employee_no', models.CharField(max_length=20, unique=True, verbose_name='employee number')),
                        ('post', models.CharField(blank=True, max_length=100, verbose_name='post')),
                        ('phone', models.CharField(blank=True, max_length=20, verbose_name='phone')),
                        ('stage', models.CharField(choices=[('applicant', 'applicant for membership'), ('activist', 'activist'), ('candidate', 'candidate for membership'), ('probationary', 'probationary member'), ('full', 'full member')], default='applicant', max_length=16, verbose_name='stage')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('branch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applicants', to='branches.branch', verbose_name='branch')),
                        ('member', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applicant', to='branches.member', verbose_name='party member record')),
                        ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='applicant', to=settings.AUTH_USER_MODEL, verbose_name='account')),
                    ],
                    options={
                        'verbose_name': 'applicant',
                        'verbose_name_plural': 'applicants',
                        'db_table': 'branches_applicant',
                        'ordering': ['branch', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Appraisal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('status', models.CharField(choices=[('open', 'open for ballots'), ('closed', 'ballots closed'), ('settled', 'results settled')], default='open', max_length=10, verbose_name='status')),
                        ('opened_on', models.DateField(verbose_name='opened on')),
                        ('branch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appraisals', to='branches.branch', verbose_name='branch')),
                        ('participants', models.ManyToManyField(related_name='appraisals', to='branches.member', verbose_name='participants')),
                    ],
                    options={
                        'verbose_name': 'appraisal',
                        'verbose_name_plural': 'appraisals',
                        'db_table': 'branches_appraisal',
                        'ordering': ['-year', 'branch'],
                    },
                ),
                migrations.CreateModel(
                    name='AppraisalResult',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.CharField(choices=[('excellent', 'excellent'), ('qualified', 'qualified'), ('basic', 'basically qualified'), ('unqualified', 'unqualified')], max_length=12, verbose_name='rating')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('appraisal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='results', to='affairs.appraisal', verbose_name='appraisal')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.member', verbose_name='member')),
                    ],
                    options={
                        'verbose_name': 'appraisal result',
                        'verbose_name_plural': 'appraisal results',
                        'db_table': 'branches_appraisalresult',
                    },
                ),
                migrations.CreateModel(
                    name='BallotReceipt',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('appraisal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='receipts', to='affairs.appraisal', verbose_name='appraisal')),
                        ('voter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.member', verbose_name='voter')),
                    ],
                    options={
                        'verbose_name': 'ballot receipt',
                        'verbose_name_plural': 'ballot receipts',
                        'db_table': 'branches_ballotreceipt',
                    },
                ),
                migrations.CreateModel(
                    name='BranchMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('start', models.DateField(verbose_name='from')),
                        ('end', models.DateField(blank=True, null=True, verbose_name='until')),
                        ('branch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='branches.branch', verbose_name='branch')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='branches.member', verbose_name='member')),
                    ],
                    options={
                        'verbose_name': 'branch membership',
                        'verbose_name_plural': 'branch memberships',
                        'db_table': 'branches_branchmembership',
                        'ordering': ['member', 'start', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='DuesBase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', models.CharField(choices=[('in_service', 'in service'), ('retired', 'retired'), ('no_income', 'without income')], default='in_service', max_length=12, verbose_name='category')),
                        ('income', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='monthly income (yuan)')),
                        ('monthly_dues', models.DecimalField(decimal_places=2, max_digits=9, verbose_name='monthly dues (yuan)')),
                        ('rate', models.DecimalField(blank=True, decimal_places=2, max_digits=4, null=True, verbose_name='rate (%)')),
                        ('valid_from', models.DateField(verbose_name='from month')),
                        ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dues_bases', to='branches.member', verbose_name='member')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                    ],
                    options={
                        'verbose_name': 'dues base',
                        'verbose_name_plural': 'dues bases',
                        'db_table': 'branches_duesbase',
                        'ordering': ['member', 'valid_from', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='DuesPayment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField(verbose_name='month')),
                        ('attempt', models.PositiveSmallIntegerField(default=1, verbose_name='attempt')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=9, verbose_name='amount (yuan)')),
                        ('method', models.CharField(choices=[('cash', 'cash'), ('transfer', 'bank transfer'), ('wechat', 'WeChat / Alipay'), ('payroll', 'deducted from pay')], default='cash', max_length=10, verbose_name='paid by')),
                        ('paid_on', models.DateField(verbose_name='paid on')),
                        ('proxy', models.CharField(blank=True, help_text='代缴: leave empty when the member paid themselves.', max_length=50, verbose_name="paid on the member's behalf by")),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                        ('branch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dues_payments', to='branches.branch', verbose_name='collecting branch')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dues_payments', to='branches.member', verbose_name='member')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('reverses', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reversal', to='affairs.duespayment', verbose_name='reverses')),
                    ],
                    options={
                        'verbose_name': 'dues payment',
                        'verbose_name_plural': 'dues payments',
                        'db_table': 'branches_duespayment',
                        'ordering': ['member', 'month', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='DuesYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('paid_months', models.PositiveIntegerField(default=0, verbose_name='months paid (a bit a month)')),
                        ('amount', models.DecimalField(decimal_places=2, default=0, max_digits=12, verbose_name='amount (yuan)')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='branches.member', verbose_name='member')),
                    ],
                    options={
                        'verbose_name': 'dues year',
                        'verbose_name_plural': 'dues years',
                        'db_table': 'branches_duesyear',
                    },
                ),
                migrations.CreateModel(
                    name='RecruitmentRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('step', models.CharField(choices=[('application', 'Application submitted'), ('talk', 'Talk with the applicant'), ('activist', 'Named an activist'), ('contacts', 'Mentors (培养联系人) assigned'), ('candidate', 'Named a candidate'), ('vetting', 'Political vetting done'), ('training', 'Intensive training done'), ('vote', 'Branch general meeting voted to admit'), ('approval', 'Higher committee approved'), ('oath', 'Oath taken'), ('confirmation', 'Confirmed as full member')], max_length=16, verbose_name='step')),
                        ('done_on', models.DateField(verbose_name='date')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('document', models.FileField(blank=True, max_length=200, upload_to=hongjun.uploads.RandomName('recruitment'), verbose_name='document')),
                        ('reverses', models.BooleanField(default=False, verbose_name='withdraws the step')),
                        ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                        ('applicant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='records', to='affairs.applicant', verbose_name='applicant')),
                        ('corrects', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='correction', to='affairs.recruitmentrecord', verbose_name='corrects')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                    ],
                    options={
                        'verbose_name': 'recruitment step',
                        'verbose_name_plural': 'recruitment steps',
                        'db_table': 'branches_recruitmentrecord',
                        'ordering': ['applicant', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='SelfAssessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.CharField(choices=[('excellent', 'excellent'), ('qualified', 'qualified'), ('basic', 'basically qualified'), ('unqualified', 'unqualified')], max_length=12, verbose_name='rating')),
                        ('summary', models.TextField(blank=True, verbose_name='summary')),
                        ('appraisal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='self_assessments', to='affairs.appraisal', verbose_name='appraisal')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.member', verbose_name='member')),
                    ],
                    options={
                        'verbose_name': 'self-assessment',
                        'verbose_name_plural': 'self-assessments',
                        'db_table': 'branches_selfassessment',
                    },
                ),
                migrations.CreateModel(
                    name='Transfer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('internal', 'to another branch'), ('out', 'out of the company')], max_length=10, verbose_name='kind')),
                        ('destination', models.CharField(blank=True, help_text='For a transfer out of the company: the party organisation receiving them.', max_length=100, verbose_name='receiving organisation')),
                        ('letter_no', models.CharField(blank=True, max_length=50, verbose_name='letter number')),
                        ('reason', models.CharField(blank=True, max_length=200, verbose_name='reason')),
                        ('status', models.CharField(choices=[('requested', 'requested'), ('accepted', 'accepted'), ('rejected', 'rejected'), ('cancelled', 'cancelled')], default='requested', max_length=10, verbose_name='status')),
                        ('moved_on', models.DateField(blank=True, null=True, verbose_name='moved on')),
                        ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested')),
                        ('from_branch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.branch', verbose_name='from branch')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='transfers', to='branches.member', verbose_name='member')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                        ('to_branch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.branch', verbose_name='to branch')),
                    ],
                    options={
                        'verbose_name': 'membership transfer',
                        'verbose_name_plural': 'membership transfers',
                        'db_table': 'branches_transfer',
                        'ordering': ['-requested_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Vote',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('rating', models.CharField(choices=[('excellent', 'excellent'), ('qualified', 'qualified'), ('basic', 'basically qualified'), ('unqualified', 'unqualified')], max_length=12, verbose_name='rating')),
                        ('appraisal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='votes', to='affairs.appraisal', verbose_name='appraisal')),
                        ('subject', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.member', verbose_name='member rated')),
                    ],
                    options={
                        'verbose_name': 'vote',
                        'verbose_name_plural': 'votes',
                        'db_table': 'branches_vote',
                    },
                ),
                migrations.AddIndex(
                    model_name='applicant',
                    index=models.Index(fields=['branch', 'stage'], name='applicant_branch_stage_idx'),
                ),
                migrations.AddConstraint(
                    model_name='appraisal',
                    constraint=models.UniqueConstraint(fields=('branch', 'year'), name='appraisal_once_a_year'),
                ),
                migrations.AddConstraint(
                    model_name='appraisalresult',
                    constraint=models.UniqueConstraint(fields=('appraisal', 'member'), name='appraisal_result_once'),
                ),
                migrations.AddConstraint(
                    model_name='ballotreceipt',
                    constraint=models.UniqueConstraint(fields=('appraisal', 'voter'), name='ballot_once_per_voter'),
                ),
                migrations.AddIndex(
                    model_name='branchmembership',
                    index=models.Index(fields=['branch', 'start', 'end'], name='membership_branch_idx'),
                ),
                migrations.AddConstraint(
                    model_name='branchmembership',
                    constraint=models.CheckConstraint(condition=models.Q(('end__isnull', True), ('end__gt', models.F('start')), _connector='OR'), name='membership_end_after_start'),
                ),
                migrations.AddConstraint(
                    model_name='branchmembership',
                    constraint=models.UniqueConstraint(condition=models.Q(('end__isnull', True)), fields=('member',), name='membership_one_open'),
                ),
                migrations.AddConstraint(
                    model_name='duesbase',
                    constraint=models.CheckConstraint(condition=models.Q(('income__gte', 0), ('income__lte', 1000000)), name='dues_base_income_range'),
                ),
                migrations.AddConstraint(
                    model_name='duesbase',
                    constraint=models.CheckConstraint(condition=models.Q(('valid_from__day', 1)), name='dues_base_from_month'),
                ),
                migrations.AddIndex(
                    model_name='duespayment',
                    index=models.Index(fields=['branch', 'month'], name='dues_payment_branch_month_idx'),
                ),
                migrations.AddIndex(
                    model_name='duespayment',
                    index=models.Index(fields=['member', 'month'], include=('amount', 'reverses'), name='dues_payment_member_month_idx'),
                ),
                migrations.AddConstraint(
                    model_name='duespayment',
                    constraint=models.UniqueConstraint(condition=models.Q(('reverses__isnull', True)), fields=('member', 'month', 'attempt'), name='dues_payment_once_per_month'),
                ),
                migrations.AddConstraint(
                    model_name='duespayment',
                    constraint=models.CheckConstraint(condition=models.Q(('month__day', 1)), name='dues_payment_month_start'),
                ),
                migrations.AddConstraint(
                    model_name='duespayment',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('reverses__isnull', True), ('amount__gt', 0)), models.Q(('reverses__isnull', False), ('amount__lt', 0)), _connector='OR'), name='dues_payment_amount_sign'),
                ),
                migrations.AddConstraint(
                    model_name='duesyear',
                    constraint=models.UniqueConstraint(fields=('member', 'year'), name='dues_year_unique'),
                ),
                migrations.AddConstraint(
                    model_name='recruitmentrecord',
                    constraint=models.CheckConstraint(condition=models.Q(('reverses', False), ('corrects__isnull', False), _connector='OR'), name='recruitment_reversal_corrects_a_row'),
                ),
                migrations.AddConstraint(
                    model_name='selfassessment',
                    constraint=models.UniqueConstraint(fields=('appraisal', 'member'), name='self_assessment_once'),
                ),
                migrations.AddConstraint(
                    model_name='transfer',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'internal'), ('to_branch__isnull', False)), models.Q(('kind', 'out'), ('to_branch__isnull', True), models.Q(('letter_no', ''), _negated=True)), _connector='OR'), name='transfer_destination_matches_kind'),
                ),
                migrations.AddConstraint(
                    model_name='transfer',
                    constraint=models.CheckConstraint(condition=models.Q(('to_branch', models.F('from_branch')), _negated=True), name='transfer_to_other_branch'),
                ),
                migrations.AddConstraint(
                    model_name='transfer',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'requested')), fields=('member',), name='transfer_one_open'),
                ),
                migrations.AddIndex(
                    model_name='vote',
                    index=models.Index(fields=['appraisal', 'subject'], name='vote_appraisal_subject_idx'),
                ),
            ],
            database_operations=[],
        ),
        move_content_types('branches', 'affairs', ['applicant', 'appraisal', 'appraisalresult', 'ballotreceipt', 'branchmembership', 'duesbase', 'duespayment', 'duesyear', 'recruitmentrecord', 'selfassessment', 'transfer', 'vote']),
    ]

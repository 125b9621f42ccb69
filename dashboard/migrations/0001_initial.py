"""The dashboard app takes over its models from `hongjun`: tables, rows and content types stay.

State only: the tables were made by `hongjun.0004_dashboard` and earlier and keep their names
(`Meta.db_table`). `hongjun.0007_models_moved_out` then drops the models from `hongjun`'s
state. The content types are relabelled so permissions and audit entries follow.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from hongjun.migration_ops import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('hongjun', '0004_dashboard'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ScoreWeight',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('indicator', models.CharField(max_length=24, unique=True, verbose_name='indicator')),
                        ('weight', models.PositiveSmallIntegerField(verbose_name='weight (%)')),
                    ],
                    options={
                        'verbose_name': 'score weight',
                        'verbose_name_plural': 'score weights',
                        'db_table': 'hongjun_scoreweight',
                        'ordering': ['id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('weight__lte', 100)), name='score_weight_at_most_100')],
                    },
                ),
                migrations.CreateModel(
                    name='ExportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('state', models.CharField(choices=[('queued', 'queued'), ('running', 'being built'), ('done', 'ready'), ('failed', 'failed')], default='queued', max_length=8, verbose_name='state')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                        ('file', models.FileField(blank=True, max_length=200, upload_to='exports/%Y/%m/', verbose_name='file')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'verbose_name': 'export job',
                        'verbose_name_plural': 'export jobs',
                        'db_table': 'hongjun_exportjob',
                        'ordering': ['-created_at', '-id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='export_job_progress_0_100'), models.CheckConstraint(condition=models.Q(models.Q(('state', 'done'), _negated=True), models.Q(('file', ''), _negated=True), _connector='OR'), name='export_job_done_has_file')],
                    },
                ),
                migrations.CreateModel(
                    name='GreenPowerShare',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField(help_text='The first day of the month.', unique=True, verbose_name='month')),
                        ('percent', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='green-power share (%)')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('entered_at', models.DateTimeField(auto_now=True, verbose_name='entered at')),
                        ('entered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by')),
                    ],
                    options={
                        'verbose_name': 'green-power share',
                        'verbose_name_plural': 'green-power shares',
                        'db_table': 'hongjun_greenpowershare',
                        'ordering': ['-month'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('percent__gte', 0), ('percent__lte', 100)), name='green_power_percent_0_100'), models.CheckConstraint(condition=models.Q(('month__day', 1)), name='green_power_first_of_month')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types('hongjun', 'dashboard', ['greenpowershare', 'scoreweight', 'exportjob']),
    ]

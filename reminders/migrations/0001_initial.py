"""The reminders app takes over its models from `hongjun`: tables, rows and content types stay.

State only: the tables were made by `hongjun.0006_reminder_due_index` and earlier and keep their names
(`Meta.db_table`). `hongjun.0007_models_moved_out` then drops the models from `hongjun`'s
state. The content types are relabelled so permissions and audit entries follow.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from hongjun.migration_ops import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('hongjun', '0006_reminder_due_index'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=40, verbose_name='kind')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='record id')),
                        ('due_on', models.DateField(verbose_name='due on')),
                        ('subject', models.CharField(max_length=200, verbose_name='subject')),
                        ('body', models.TextField(blank=True, verbose_name='text')),
                        ('url', models.CharField(blank=True, max_length=300, verbose_name='link')),
                        ('state', models.CharField(choices=[('pending', 'pending'), ('sending', 'sending'), ('sent', 'sent'), ('failed', 'failed')], default='pending', max_length=16, verbose_name='state')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('not_before', models.DateTimeField(default=django.utils.timezone.now, help_text='The next attempt waits until then.', verbose_name='not before')),
                        ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='claimed at')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered at')),
                        ('emailed', models.BooleanField(default=False, verbose_name='e-mailed')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name='record type')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
                    ],
                    options={
                        'verbose_name': 'reminder',
                        'verbose_name_plural': 'reminders',
                        'db_table': 'hongjun_reminder',
                        'ordering': ['-due_on', '-id'],
                        'indexes': [models.Index(condition=models.Q(('state__in', ['pending', 'sending'])), fields=['due_on'], name='reminder_claim_idx'), models.Index(fields=['recipient', '-due_on', '-id'], name='reminder_inbox_idx'), models.Index(fields=['-due_on', '-id'], name='reminder_due_idx'), models.Index(condition=models.Q(('read_at__isnull', True)), fields=['recipient', 'due_on'], name='reminder_unread_idx')],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'content_type', 'object_id', 'recipient', 'due_on'), name='reminder_natural_key'), models.CheckConstraint(condition=models.Q(models.Q(('state', 'sent'), _negated=True), ('sent_at__isnull', False), _connector='OR'), name='reminder_sent_has_time')],
                    },
                ),
                migrations.CreateModel(
                    name='ReminderPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=40, verbose_name='kind')),
                        ('email_enabled', models.BooleanField(default=True, verbose_name='send e-mail')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_preferences', to=settings.AUTH_USER_MODEL, verbose_name='account')),
                    ],
                    options={
                        'verbose_name': 'reminder preference',
                        'verbose_name_plural': 'reminder preferences',
                        'db_table': 'hongjun_reminderpreference',
                        'constraints': [models.UniqueConstraint(fields=('user', 'kind'), name='reminder_preference_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types('hongjun', 'reminders', ['reminder', 'reminderpreference']),
    ]

"""Votes kept only as counts: a row per participant and rating, made when an appraisal
opens, added to by each ballot in one statement (affairs.appraisal.services.cast_ballot).

The per-ballot vote rows are counted into the new table and dropped: their transaction ids
and their order on disk told which ballot each came from. Going back makes one anonymous
vote row per counted ballot.
"""

import django.db.models.deletion
from django.db import migrations, models


RATINGS = ["excellent", "qualified", "basic", "unqualified"]


def count_votes(apps, schema_editor):
    Appraisal = apps.get_model("affairs", "Appraisal")
    Vote = apps.get_model("affairs", "Vote")
    VoteCount = apps.get_model("affairs", "VoteCount")
    counted = {}
    for row in Vote.objects.values("appraisal_id", "subject_id", "rating").annotate(
        n=models.Count("id")
    ):
        counted[row["appraisal_id"], row["subject_id"], row["rating"]] = row["n"]
    VoteCount.objects.bulk_create(
        VoteCount(
            appraisal_id=appraisal.pk,
            subject_id=member_id,
            rating=rating,
            ballots=counted.get((appraisal.pk, member_id, rating), 0),
        )
        for appraisal in Appraisal.objects.all()
        for member_id in appraisal.participants.values_list("pk", flat=True)
        for rating in RATINGS
    )


def votes_from_counts(apps, schema_editor):
    Vote = apps.get_model("affairs", "Vote")
    VoteCount = apps.get_model("affairs", "VoteCount")
    Vote.objects.bulk_create(
        Vote(appraisal_id=c.appraisal_id, subject_id=c.subject_id, rating=c.rating)
        for c in VoteCount.objects.filter(ballots__gt=0)
        for _ in range(c.ballots)
    )


class Migration(migrations.Migration):

    dependencies = [
        ('affairs', '0001_initial'),
        ('branches', '0011_activity_month_long'),
    ]

    operations = [
        migrations.CreateModel(
            name='VoteCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rating', models.CharField(choices=[('excellent', 'excellent'), ('qualified', 'qualified'), ('basic', 'basically qualified'), ('unqualified', 'unqualified')], max_length=12, verbose_name='rating')),
                ('ballots', models.PositiveIntegerField(default=0, verbose_name='ballots')),
                ('appraisal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='counts', to='affairs.appraisal', verbose_name='appraisal')),
                ('subject', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='branches.member', verbose_name='member rated')),
            ],
            options={
                'verbose_name': 'vote count',
                'verbose_name_plural': 'vote counts',
            },
        ),
        migrations.AddConstraint(
            model_name='votecount',
            constraint=models.UniqueConstraint(fields=('appraisal', 'subject', 'rating'), name='vote_count_once'),
        ),
        migrations.RunPython(count_votes, votes_from_counts),
        migrations.DeleteModel(
            name='Vote',
        ),
    ]

"""Default reminder offsets (14, 7, 3, 1 days and the day itself) and the daily beat entry."""

from django.db import migrations

DEFAULT_OFFSETS = (14, 7, 3, 1, 0)
TASK_NAME = "Daily deadline reminder pass"


def create(apps, schema_editor):
    ReminderOffset = apps.get_model("consultations", "ReminderOffset")
    for days in DEFAULT_OFFSETS:
        ReminderOffset.objects.get_or_create(days=days)
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # 07:00 in Warsaw: after the day boundary, at an hour people read mail.
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Warsaw",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "consultations.reminders_daily_pass",
            "crontab": schedule,
            "enabled": True,
            "description": "Plans the day's deadline reminders and enqueues sending (issue 5).",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()
    apps.get_model("consultations", "ReminderOffset").objects.filter(
        days__in=DEFAULT_OFFSETS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0007_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]

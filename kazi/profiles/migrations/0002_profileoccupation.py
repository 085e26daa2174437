# The plain many-to-many "occupations" becomes a through model (ProfileOccupation) on the
# same table, so existing rows stay; then who added each occupation, and when, is recorded.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0001_initial'),
        ('taxonomy', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ProfileOccupation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('occupation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='taxonomy.occupation')),
                        ('profile', models.ForeignKey(db_column='workerprofile_id', on_delete=django.db.models.deletion.CASCADE, to='profiles.workerprofile')),
                    ],
                    options={
                        'db_table': 'profiles_workerprofile_occupations',
                        'unique_together': {('profile', 'occupation')},
                    },
                ),
                migrations.AlterField(
                    model_name='workerprofile',
                    name='occupations',
                    field=models.ManyToManyField(blank=True, related_name='+', through='profiles.ProfileOccupation', to='taxonomy.occupation'),
                ),
            ],
        ),
        migrations.AddField(
            model_name='profileoccupation',
            name='added_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='profileoccupation',
            name='added_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
    ]

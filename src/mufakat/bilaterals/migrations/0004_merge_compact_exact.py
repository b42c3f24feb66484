from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("bilaterals", "0003_compact_gaps"),
        ("bilaterals", "0003_exact_moves_minimum"),
    ]

    operations: list = []

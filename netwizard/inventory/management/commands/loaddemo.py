from django.core.management.base import BaseCommand

from netwizard.inventory.demo import demo_load, demo_users_ensure

ROLE_TEXT = {
    "superuser": "everything, the admin at /admin/ included",
    "editor": "changes hosts, interfaces and switches, imports files, marks files as applied",
    "viewer": "looks at hosts, findings and diagrams, downloads files",
}


class Command(BaseCommand):
    help = (
        "Load the demo inventory (two Proxmox hosts and an LACP switch) and one demo account per role "
        "(demo-admin, demo-editor, demo-viewer). Idempotent."
    )

    def handle(self, *args, **options):
        for line in demo_load():
            self.stdout.write(line)
        for username, role, password in demo_users_ensure():
            if password:
                self.stdout.write(self.style.SUCCESS(f"Log in as {username} with password {password}"))
                self.stdout.write(f"  {role}: {ROLE_TEXT[role]}")
            else:
                self.stdout.write(
                    f"User {username} ({role}) already exists; set a new password with: "
                    f"python manage.py changepassword {username}"
                )
        self.stdout.write("Passwords are shown only when an account is created; change them with changepassword.")

from django.shortcuts import render


def home(request):
    """The front door: applicants, the public, researchers and staff each find their way from here."""
    return render(request, "common/home.html")

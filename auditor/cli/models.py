"""`auditor models list` and `auditor models pull LANG`: which models serve which language,
whether they are on this machine, and fetching them where there is network."""

from __future__ import annotations

import click

from .common import EXIT_MODEL, AuditorError


def _config() -> dict:
    from ..models import load_models_config

    try:
        return load_models_config()
    except ValueError as exc:
        raise AuditorError(str(exc)) from None


@click.group()
def models() -> None:
    """List and download the back-translation models (models.yaml)."""


@models.command("list")
def list_models() -> None:
    """Each language's back-translation and round-trip model, and whether it is here."""
    from ..models import ModelUnavailable, hf_hub_cache, resolve_model

    missing = False
    for lang, entry in _config().items():
        for role, name in (("back-translation", entry.backtranslation), ("round trip", entry.roundtrip)):
            if name is None:
                click.echo(f"{lang:<4} {role:<17} -")
                continue
            try:
                # never downloads and never waits on the network
                resolved = resolve_model(name, allow_download=False)
            except ModelUnavailable as exc:
                missing = True
                reason = str(exc)
                if reason.startswith("not in the Hugging Face cache"):
                    reason = f"not in the Hugging Face cache {hf_hub_cache()}"
                state = f"missing ({reason})"
            else:
                state = f"available ({resolved.origin}: {resolved.path})"
            click.echo(f"{lang:<4} {role:<17} {name}  {state}")
    if missing:
        click.echo("Download a language's models with: auditor models pull LANG")


@models.command("pull")
@click.argument("lang")
def pull(lang: str) -> None:
    """Download LANG's models from the Hugging Face hub (a hub name works too)."""
    from ..models import ModelUnavailable, pull_model

    config = _config()
    if lang in config:
        names = [n for n in (config[lang].backtranslation, config[lang].roundtrip) if n]
    elif "/" in lang:
        names = [lang]
    else:
        raise AuditorError(f"no models configured for language {lang!r}; configured: {', '.join(config)}")
    for name in names:
        try:
            resolved = pull_model(name)
        except ModelUnavailable as exc:
            raise AuditorError(f"cannot pull {name}: {exc}", exit_code=EXIT_MODEL) from None
        verb = "downloaded" if resolved.origin == "hub" else "already here"
        click.echo(f"{name}: {verb} ({resolved.path})")

"""Realistic localisation files for the tests, written the way CAT tools write them."""

from __future__ import annotations

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:okp="okapi-framework:xliff-extensions">
  <file original="news/korea.html" source-language="en-US" target-language="de-DE" datatype="x-undefined">
    <header>
      <tool tool-id="okapi" tool-name="Okapi Rainbow"/>
    </header>
    <body>
      <trans-unit id="t1" resname="headline">
        <source xml:lang="en-US">Pentagon: <g id="1">North Korean</g> troops in Russia</source>
        <target xml:lang="de-DE" state="translated">Pentagon: <g id="1">Nordkoreanische</g> Truppen in Russland</target>
        <note>Headline, 60 characters at most</note>
      </trans-unit>
      <trans-unit id="t2">
        <source xml:lang="en-US">More than 10,000 North Korean soldiers have been sent to eastern Russia.<x id="2"/></source>
        <target xml:lang="de-DE" state="translated">Mehr als 10 nordkoreanische Soldaten wurden nach Ostrussland geschickt.</target>
      </trans-unit>
      <trans-unit id="t3">
        <source xml:lang="en-US">The minister said on Tuesday that the talks would continue.</source>
        <target xml:lang="de-DE" state="translated">Der Minister sagte am Dienstag, die Gespräche würden fortgesetzt.</target>
      </trans-unit>
      <trans-unit id="t4" approved="yes">
        <source xml:lang="en-US">Officials did not comment on the report.</source>
        <target xml:lang="de-DE" state="final">Die Behörden äußerten sich nicht zu dem Bericht.</target>
      </trans-unit>
      <trans-unit id="t5">
        <source xml:lang="en-US">Read more</source>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
  <file id="f1" original="app.json">
    <unit id="greeting">
      <notes>
        <note category="context">Shown after login</note>
      </notes>
      <segment state="translated">
        <source>Hello <ph id="1"/>, you have <pc id="2">3 new</pc> messages.</source>
        <target>Hallo, Sie haben <pc id="2">3 neue</pc> Nachrichten.</target>
      </segment>
    </unit>
    <unit id="budget">
      <segment state="translated">
        <source>The city will spend 2.5 million euros on new cycle paths.</source>
        <target>Die Stadt gibt 2,5 Milliarden Euro für neue Radwege aus.</target>
      </segment>
    </unit>
    <unit id="clean">
      <segment state="reviewed">
        <source>The museum opens on Sunday.</source>
        <target>Das Museum öffnet am Sonntag.</target>
      </segment>
    </unit>
  </file>
</xliff>
"""

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="memoQ" creationtoolversion="10" segtype="sentence" o-tmf="memoQ" adminlang="en-us"
          srclang="en-US" datatype="plaintext"/>
  <body>
    <tu tuid="101">
      <tuv xml:lang="en-US"><seg>The port handled 8.7 million containers last year.</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Der Hafen schlug im vergangenen Jahr 8,7 Millionen Container um.</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Le port a traité 8,7 millions de conteneurs l'an dernier.</seg></tuv>
    </tu>
    <tu tuid="102">
      <tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> to keep your changes.</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Klicken Sie auf Speichern, um Ihre Änderungen zu behalten.</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Cliquez sur <bpt i="1">&lt;b&gt;</bpt>Enregistrer<ept i="1">&lt;/b&gt;</ept> pour conserver vos modifications.</seg></tuv>
    </tu>
  </body>
</tmx>
"""

PO = """# German translation of the app.
# Copyright (C) 2026 Example
msgid ""
msgstr ""
"Project-Id-Version: app 1.0\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: app/views.py:12
#, python-format
msgid "Hello %(name)s, your account was locked."
msgstr "Hallo, Ihr Konto wurde gesperrt."

#: app/views.py:20
#, python-format
msgid "%d file was deleted."
msgid_plural "%d files were deleted."
msgstr[0] "%d Datei wurde gelöscht."
msgstr[1] "Dateien wurden gelöscht."

#: app/models.py:5
msgid "The museum opens on Sunday."
msgstr "Das Museum öffnet am Sonntag."

#: app/models.py:9
msgid "Untranslated string"
msgstr ""

#~ msgid "Old string"
#~ msgstr "Alter Text"
"""

TSV = ("id\ten\tde\n"
       "s1\tMore than 10,000 soldiers were sent.\tMehr als 10 Soldaten wurden geschickt.\n"
       "s2\tThe museum opens on Sunday.\tDas Museum öffnet am Sonntag.\n")

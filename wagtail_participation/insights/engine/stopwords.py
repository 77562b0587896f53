"""Stop words for Dutch, French, German and English, and a cheap language guess from them.

The lists are short on purpose: function words and the commonest verbs, so that keywords and labels are
made of the words that carry meaning. The language guess counts stop words; it only decides which texts
share a language (to remove the language's own direction from their vectors), never what they say.
"""

from __future__ import annotations

_EN = """
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can cannot could did do does doing don't down during each few for from further
get gets got had has have having he her here hers herself him himself his how i if in into is isn't it it's
its itself just let like make many me more most much must my myself need needs no nor not now of off on
once one only or other our ours ourselves out over own per please same she should so some such than that
the their theirs them themselves then there these they this those through to too under until up upon us
very was we well were what when where which while who whom why will with within without would you your
yours yourself yourselves should shall may might also lot lots via etc really make made more less
new use used want think people way even still every everything something thing things yes
"""
_NL = """
aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens
en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je kan
kon kunnen maar me meer men met mij mijn moet moeten na naar niet niets nog nu of om omdat ons ook op
over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd wezen wie wij wil
worden word wordt zal ze zelf zich zij zijn zo zonder zou zouden meer minder graag heel echt gaan gaat
kunnen willen moeten mogen hun onze ons jullie wordt zoals daarom waar wanneer dus deze
langs nieuwe nieuw mensen iedereen alleen heel goed beter veel tussen zodat maken
"""
_FR = """
a ai aie aient ait au aucun aussi autre aux avec avoir avons avez c ça car ce ceci cela celle celles
celui ces cet cette ceux chaque chez comme comment d dans de des deux doit donc dont du elle elles en
encore est et été être eu eux fait faire faut il ils j je l la le les leur leurs lui m ma mais me même
mes moi moins mon n ne ni nos notre nous on ont ou où par parce pas peu peut plus pour pourquoi qu
quand que quel quelle quelles quels qui s sa sans se sera ses si son sont sous sur ta te tes toi ton
tous tout toute toutes très tu un une unes uns vos votre vous y être avoir faudrait serait aurait
plus beaucoup trop bien afin entre vers selon
peuvent pouvoir doivent devoir devrait devraient faudra ceux celles tout toute nouveau nouvelle nouveaux
"""
_DE = """
aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei beim bin bis
bitte bist da dabei dadurch dafür dagegen daher damit dann darauf darum das dass dem den denn der
derer des deshalb dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem
einen einer eines einige er es etwa etwas euch für gegen gibt hat hatte hätte haben hier hin hinter
ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im immer in indem ins ist ja jede jedem jeden jeder jedes
jetzt kann kein keine keinem keinen keiner können könnte machen man manche mehr mein meine mit muss
müssen müsste nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so soll sollen
sollte sollten sondern sowie statt um und uns unser unsere unter viel viele vom von vor war waren was
weil welche welcher wenn wer werden wie wieder will wir wird wo wurde würde würden zu zum zur zwar
zwischen sowohl bzw z.b usw mehr weniger gerade wäre wären dürfen darf soll bereits ganz eher
neue neuen neuer damit mal schon sollen werden wurden kann gut besser
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(_EN.split()),
    "nl": frozenset(_NL.split()),
    "fr": frozenset(_FR.split()),
    "de": frozenset(_DE.split()),
}
ALL_STOP_WORDS: frozenset[str] = frozenset().union(*STOP_WORDS.values())

# Words that are stop words in one language and content words in no other of the four, weighed for the
# language guess; shared ones ("in", "de", "die") would blur it.
_DISTINCTIVE = {
    lang: frozenset(word for word in words if sum(word in other for other in STOP_WORDS.values()) == 1)
    for lang, words in STOP_WORDS.items()
}


def guess_language(tokens: list[str]) -> str | None:
    """The language (``en``, ``nl``, ``fr``, ``de``) whose distinctive stop words occur most often in
    ``tokens`` (lowercase words), or ``None`` when none occurs. Ties go to the first in that order."""
    best, best_count = None, 0
    for lang, words in _DISTINCTIVE.items():
        count = sum(token in words for token in tokens)
        if count > best_count:
            best, best_count = lang, count
    return best

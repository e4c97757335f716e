<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>ClassifyObjectsAlgorithm</name>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="62" />
      <source>{} is a line layer; Classify Objects classifies polygons or points. Buffer the lines into polygons first (Vector &gt; Geoprocessing &gt; Buffer).</source>
      <translation>{} ist ein Linienlayer; Objekte klassifizieren klassifiziert Polygone oder Punkte. Wandeln Sie die Linien zuerst per Puffer in Polygone um (Vektor &gt; Geoverarbeitungswerkzeuge &gt; Puffer).</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="123" />
      <source>The input's fields {} are replaced by the new classes.</source>
      <translation>Die Felder {} der Eingabe werden durch die neuen Klassen ersetzt.</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="192" />
      <source>the disk is full</source>
      <translation>der Datenträger ist voll</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="193" />
      <source>it was written incomplete</source>
      <translation>sie wurde unvollständig geschrieben</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="197" />
      <source>could not write {}: {}. Nothing was kept.</source>
      <translation>{} konnte nicht geschrieben werden: {}. Nichts wurde behalten.</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="214" />
      <source>The partial output {} could not be removed; delete it.</source>
      <translation>Die unvollständige Ausgabe {} konnte nicht entfernt werden; löschen Sie sie.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="29" />
      <source>Input raster</source>
      <translation>Eingaberaster</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="30" />
      <source>The image the objects lie on, with the bands the model was trained on: a file, a VRT, GeoPackage tiles, or an imagery service (XYZ, WMS, WMTS, WCS), read at CELL_SIZE.</source>
      <translation>Das Bild unter den Objekten, mit den Bändern, auf denen das Modell trainiert wurde: eine Datei, ein VRT, GeoPackage-Kacheln oder ein Bilddienst (XYZ, WMS, WMTS, WCS), gelesen mit CELL_SIZE.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="40" />
      <source>Objects to classify (polygons or points)</source>
      <translation>Zu klassifizierende Objekte (Polygone oder Punkte)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="41" />
      <source>The polygons or points to classify (lines: buffer them into polygons first).</source>
      <translation>Die zu klassifizierenden Polygone oder Punkte (Linien zuerst per Puffer in Polygone umwandeln).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="48" />
      <source>Model package (.tmpk)</source>
      <translation>Modellpaket (.tmpk)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="49" />
      <source>An image classification or a pixel classification model package (.tmpk).</source>
      <translation>Ein Modellpaket für Bildklassifizierung oder Pixelklassifizierung (.tmpk).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="54" />
      <source>Bounding box: the feature's extent plus the buffer, resized to the model's tile size. Fixed size: a window of the model's tile size around the centroid (points always use it). Not set: as the model's training chips were cut (Export Training Data records it), else a bounding box.</source>
      <translation>Begrenzungsrahmen: die Ausdehnung des Objekts plus Puffer, auf die Kachelgröße des Modells skaliert. Feste Größe: ein Fenster in der Kachelgröße des Modells um den Schwerpunkt (Punkte immer so). Nicht gesetzt: wie die Trainingsausschnitte des Modells geschnitten wurden (Trainingsdaten exportieren hält es fest), sonst ein Begrenzungsrahmen.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="63" />
      <source>Margin added around each bounding box, in % of its size; empty: the training chips' buffer (else 0).</source>
      <translation>Rand um jeden Begrenzungsrahmen, in % seiner Größe; leer: der Puffer der Trainingsausschnitte (sonst 0).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="70" />
      <source>Hide the pixels outside the polygon, so only the feature is seen; unticked: as the training chips were cut.</source>
      <translation>Pixel außerhalb des Polygons ausblenden, sodass nur das Objekt zu sehen ist; nicht angehakt: wie die Trainingsausschnitte geschnitten wurden.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="78" />
      <source>Top K classes to report</source>
      <translation>Top K: Anzahl der ausgegebenen Klassen</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="79" />
      <source>With more than 1, also write the next classes and their probabilities.</source>
      <translation>Bei mehr als 1 auch die nächsten Klassen und ihre Wahrscheinlichkeiten schreiben.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="87" />
      <source>Cell size for imagery services (XYZ, WMS, WMTS, WCS)</source>
      <translation>Zellgröße für Bilddienste (XYZ, WMS, WMTS, WCS)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="88" />
      <source>The cell size to read an imagery service at, in its layer's CRS units (e.g. 0.3 for 30 cm in EPSG:3857); it chooses the zoom level. Files are read at their own.</source>
      <translation>Die Zellgröße, mit der ein Bilddienst gelesen wird, in den KBS-Einheiten seines Layers (z. B. 0,3 für 30 cm in EPSG:3857); sie wählt die Zoomstufe. Dateien werden mit ihrer eigenen gelesen.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="96" />
      <source>Chips classified at once; lower it if memory runs out.</source>
      <translation>Anzahl gleichzeitig klassifizierter Ausschnitte; verringern Sie sie, wenn der Speicher nicht reicht.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="98" />
      <source>Automatic: a CUDA GPU (or Apple's MPS) when there is one, else the CPU.</source>
      <translation>Automatisch: eine CUDA-GPU (oder Apples MPS), wenn vorhanden, sonst die CPU.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="101" />
      <source>Average the predictions over flips, or over all 8 rotations and flips (3 or 8 times slower).</source>
      <translation>Mittelt die Vorhersagen über Spiegelungen oder über alle 8 Drehungen und Spiegelungen (3- oder 8-mal langsamer).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="109" />
      <source>Classified objects</source>
      <translation>Klassifizierte Objekte</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="110" />
      <source>A copy of the layer with class_value, class_name and confidence added.</source>
      <translation>Eine Kopie des Layers mit hinzugefügten Feldern class_value, class_name und confidence.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="115" />
      <source>Gives every polygon or point (a fishnet cell, a building, a parcel, a tree) a class from a model package (.tmpk) and the raster under it.

With an image classification package (e.g. a ResNet-18 trained on a folder of class sub-folders) each feature's chip is classified whole. With a pixel classification package (a U-Net) each feature gets the majority class of the predicted pixels inside it, and one frac_&lt;class&gt; field per class with the share of its pixels in that class.

Crop mode: Bounding box takes the feature's extent plus Buffer % (widened to a square) resized to the model's tile size; Fixed size takes a window of the model's tile size (in raster pixels) around the centroid. Points always use Fixed size. Blacken around feature hides the pixels outside the polygon.

The output keeps all input fields and adds class_value, class_name and confidence (image models: the probability, 0-1; pixel models: the share of the feature's pixels in that class), and with Top K &gt; 1 top2_value, top2_name, top2_confidence and so on; input fields of those names, e.g. of an earlier run, are replaced. Features outside the raster, over nodata only, or with a null geometry get NULL results; invalid polygons are repaired first (one warning counts both, with a few feature ids). Features are reprojected to the raster's CRS on the fly; 'Selected features only' and the layer's filter are honoured. Results are written batch by batch as they come (memory stays flat however many features); a cancel or a failure removes the partial output.</source>
      <translation>Gibt jedem Polygon oder Punkt (einer Gitterzelle, einem Gebäude, einem Flurstück, einem Baum) eine Klasse, anhand eines Modellpakets (.tmpk) und des darunterliegenden Rasters.

Mit einem Modellpaket zur Bildklassifikation (z. B. ein ResNet-18, trainiert auf einem Ordner mit Unterordnern je Klasse) wird der Ausschnitt jedes Objekts als Ganzes klassifiziert. Mit einem Modellpaket zur Pixelklassifikation (ein U-Net) erhält jedes Objekt die Mehrheitsklasse der vorhergesagten Pixel darin sowie je Klasse ein Feld frac_&lt;Klasse&gt; mit dem Anteil seiner Pixel in dieser Klasse.

Zuschnittmodus: Begrenzungsrahmen nimmt die Ausdehnung des Objekts plus Puffer in % (zum Quadrat erweitert), skaliert auf die Kachelgröße des Modells; Feste Größe nimmt ein Fenster in der Kachelgröße des Modells (in Rasterpixeln) um den Schwerpunkt. Punkte verwenden immer Feste Größe. Um das Objekt schwärzen verbirgt die Pixel außerhalb des Polygons.

Die Ausgabe behält alle Eingabefelder und fügt class_value, class_name und confidence hinzu (Bildmodelle: die Wahrscheinlichkeit, 0-1; Pixelmodelle: der Anteil der Pixel des Objekts in dieser Klasse), bei Top K &gt; 1 außerdem top2_value, top2_name, top2_confidence usw.; gleichnamige Eingabefelder, z. B. aus einem früheren Lauf, werden ersetzt. Objekte außerhalb des Rasters, nur über NoData oder mit leerer Geometrie erhalten NULL-Ergebnisse; ungültige Polygone werden zuvor repariert (eine Warnung zählt beides, mit einigen Objekt-IDs). Objekte werden im Fluge in das KBS des Rasters reprojiziert; „Nur gewählte Objekte“ und der Filter des Layers werden berücksichtigt. Die Ergebnisse werden Batch für Batch geschrieben, sobald sie vorliegen (der Speicherbedarf bleibt unabhängig von der Objektanzahl konstant); ein Abbruch oder Fehler entfernt die unvollständige Ausgabe.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="173" />
      <source>Classify Objects</source>
      <translation>Objekte klassifizieren</translation>
    </message>
  </context>
  <context>
    <name>ClassifyPixelsAlgorithm</name>
    <message>
      <location filename="../processing_provider/classify_pixels.py" line="63" />
      <source>its style was not saved: {}</source>
      <translation>ihr Stil wurde nicht gespeichert: {}</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="29" />
      <source>Input raster</source>
      <translation>Eingaberaster</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="30" />
      <source>The image to classify, with the bands the model was trained on: a file, a VRT, GeoPackage tiles, or an imagery service (XYZ, WMS, WMTS, WCS), read at CELL_SIZE over EXTENT (both required for a service).</source>
      <translation>Das zu klassifizierende Bild, mit den Bändern, auf denen das Modell trainiert wurde: eine Datei, ein VRT, GeoPackage-Kacheln oder ein Bilddienst (XYZ, WMS, WMTS, WCS), gelesen mit CELL_SIZE über EXTENT (bei einem Dienst beide erforderlich).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="40" />
      <source>Model package (.tmpk)</source>
      <translation>Modellpaket (.tmpk)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="41" />
      <source>A pixel classification model package (.tmpk).</source>
      <translation>Ein Modellpaket zur Pixelklassifikation (.tmpk).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="46" />
      <source>Raster bands feeding the model's bands, in order (e.g. 4,3,2); empty: the bands the model was trained on.</source>
      <translation>Rasterbänder, die die Bänder des Modells speisen, in dieser Reihenfolge (z. B. 4,3,2); leer: die Bänder, auf denen das Modell trainiert wurde.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="51" />
      <source>Classify only this area; empty: the whole raster.</source>
      <translation>Nur dieses Gebiet klassifizieren; leer: das ganze Raster.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="53" />
      <source>Polygons outside which nothing is classified (output no data there).</source>
      <translation>Polygone, außerhalb derer nichts klassifiziert wird (dort NoData in der Ausgabe).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="58" />
      <source>Cell size (0: the model's training cell size)</source>
      <translation>Zellgröße (0: die Trainingszellgröße des Modells)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="59" />
      <source>Cell size the model sees; 0: the model's training cell size (the raster is resampled on the fly).</source>
      <translation>Zellgröße, die das Modell sieht; 0: die Trainingszellgröße des Modells (das Raster wird im Fluge neu abgetastet).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="71" />
      <source>Write outputs at the cell size (not on the input raster's grid)</source>
      <translation>Ausgaben in der Zellgröße schreiben (nicht auf dem Gitter des Eingaberasters)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="72" />
      <source>Write the output at that cell size instead of on the input's grid.</source>
      <translation>Die Ausgabe in dieser Zellgröße statt auf dem Gitter der Eingabe schreiben.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="79" />
      <source>Tile size in pixels (0: the model's)</source>
      <translation>Kachelgröße in Pixeln (0: die des Modells)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="80" />
      <source>Tile size in pixels; 0: the model's tile size.</source>
      <translation>Kachelgröße in Pixeln; 0: die Kachelgröße des Modells.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="90" />
      <source>Tile overlap (% of the tile)</source>
      <translation>Kachelüberlappung (% der Kachel)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="91" />
      <source>Share of each tile that overlaps its neighbours (default 25 %); overlapping tiles are blended smoothly, so there are no seams.</source>
      <translation>Anteil jeder Kachel, der ihre Nachbarn überlappt (standardmäßig 25 %); überlappende Kacheln werden weich überblendet, sodass keine Nahtstellen entstehen.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="102" />
      <source>Tiles inferred at once; lower it if memory runs out.</source>
      <translation>Anzahl gleichzeitig berechneter Kacheln; verringern Sie sie, wenn der Speicher nicht reicht.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="104" />
      <source>Automatic: a CUDA GPU (or Apple's MPS) when there is one, else the CPU.</source>
      <translation>Automatisch: eine CUDA-GPU (oder Apples MPS), wenn vorhanden, sonst die CPU.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="107" />
      <source>auto (bfloat16 or float16 where the hardware computes it natively), or float32 / bfloat16 / float16.</source>
      <translation>auto (bfloat16 oder float16, wo die Hardware sie nativ berechnet) oder float32 / bfloat16 / float16.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="113" />
      <source>Above 1, that many processes (PyTorch's torchrun: one GPU each, or the CPU cores shared) each classify a share of the raster's rows; the output is the same.</source>
      <translation>Über 1 klassifizieren so viele Prozesse (PyTorchs torchrun: je eine GPU, oder die CPU-Kerne geteilt) je einen Teil der Rasterzeilen; die Ausgabe ist dieselbe.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="119" />
      <source>Average the predictions over flips, or over all 8 rotations and flips (3 or 8 times slower, often a little more accurate).</source>
      <translation>Mittelt die Vorhersagen über Spiegelungen oder über alle 8 Drehungen und Spiegelungen (3- oder 8-mal langsamer, oft etwas genauer).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="127" />
      <source>Classified raster</source>
      <translation>Klassifiziertes Raster</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="128" />
      <source>The classified raster (GeoTIFF, with the classes' colours and names).</source>
      <translation>Das klassifizierte Raster (GeoTIFF, mit den Farben und Namen der Klassen).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="134" />
      <source>Confidence (probability of the class)</source>
      <translation>Konfidenz (Wahrscheinlichkeit der Klasse)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="135" />
      <source>Optional raster of the chosen class's probability (0-1).</source>
      <translation>Optionales Raster der Wahrscheinlichkeit der gewählten Klasse (0-1).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="142" />
      <source>Class probabilities (one band per class)</source>
      <translation>Klassenwahrscheinlichkeiten (ein Band je Klasse)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="143" />
      <source>Optional raster with one probability band per class.</source>
      <translation>Optionales Raster mit einem Wahrscheinlichkeitsband je Klasse.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="149" />
      <source>Classifies every pixel of a raster with a pixel classification model package (.tmpk, e.g. a U-Net from Train Deep Learning Model).

The raster needs the bands the model was trained on; Bands maps them otherwise (e.g. 4,3,2: raster band 4 feeds the model's first band). Tiles overlap (25 % by default) and are blended smoothly, so there are no seams; rasters of any size work in bounded memory. The raster is read at the model's training cell size (or the Cell size given) and the output lies on the input's grid. Class values are the model's (any integers, e.g. 10/20/30 or above 255: then the output is 16-bit); input nodata (nodata value, mask, alpha, NaN) and pixels outside the mask layer become output nodata, a value that is no class. The output carries the model's class colours and names. Optional outputs: the confidence (probability of the chosen class) and one probability band per class.

Advanced: tile size, overlap, batch size, device, precision (auto uses bfloat16 or float16 where the hardware computes it natively) and test-time augmentation (flips, or all 8 rotations and flips: slower, often a little more accurate).</source>
      <translation>Klassifiziert jedes Pixel eines Rasters mit einem Modellpaket zur Pixelklassifikation (.tmpk, z. B. ein U-Net aus Deep-Learning-Modell trainieren).

Das Raster braucht die Bänder, auf denen das Modell trainiert wurde; andernfalls ordnet Bänder sie zu (z. B. 4,3,2: Rasterband 4 speist das erste Band des Modells). Kacheln überlappen sich (standardmäßig 25 %) und werden weich überblendet, sodass keine Nahtstellen entstehen; Raster jeder Größe werden mit begrenztem Speicher verarbeitet. Das Raster wird in der Trainingszellgröße des Modells (oder der angegebenen Zellgröße) gelesen, und die Ausgabe liegt auf dem Gitter der Eingabe. Die Klassenwerte sind die des Modells (beliebige Ganzzahlen, z. B. 10/20/30 oder über 255: dann ist die Ausgabe 16-Bit); NoData der Eingabe (NoData-Wert, Maske, Alpha, NaN) und Pixel außerhalb des Maskenlayers werden in der Ausgabe zu NoData, einem Wert, der keine Klasse ist. Die Ausgabe trägt die Klassenfarben und -namen des Modells. Optionale Ausgaben: die Konfidenz (Wahrscheinlichkeit der gewählten Klasse) und ein Wahrscheinlichkeitsband je Klasse.

Erweitert: Kachelgröße, Überlappung, Batchgröße, Gerät, Genauigkeit (auto verwendet bfloat16 oder float16, wo die Hardware sie nativ berechnet) und Test-Time-Augmentation (Spiegelungen oder alle 8 Drehungen und Spiegelungen: langsamer, oft etwas genauer).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="216" />
      <source>Classify Pixels</source>
      <translation>Pixel klassifizieren</translation>
    </message>
  </context>
  <context>
    <name>Dependencies</name>
    <message>
      <location filename="../processing_provider/dependencies.py" line="188" />
      <source>This PyTorch build brings triton, which another plugin has already loaded into QGIS next to Mesa's OpenGL: QGIS may crash when TorchMap runs. Restart QGIS, or install PyTorch's CPU build, which has no triton.</source>
      <translation>Dieser PyTorch-Build bringt triton mit, das ein anderes Plugin bereits neben Mesas OpenGL in QGIS geladen hat: QGIS kann abstürzen, wenn TorchMap läuft. Starten Sie QGIS neu oder installieren Sie den CPU-Build von PyTorch, der kein triton enthält.</translation>
    </message>
    <message>
      <location filename="../processing_provider/dependencies.py" line="194" />
      <source>This PyTorch build brings triton, whose LLVM would crash QGIS next to Mesa's OpenGL (loaded here). TorchMap keeps triton out of QGIS, so it runs safely; PyTorch's CPU build has no triton at all.</source>
      <translation>Dieser PyTorch-Build bringt triton mit, dessen LLVM QGIS neben Mesas OpenGL (hier geladen) abstürzen ließe. TorchMap hält triton aus QGIS heraus, daher läuft es sicher; der CPU-Build von PyTorch enthält gar kein triton.</translation>
    </message>
  </context>
  <context>
    <name>DependenciesPanel</name>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="46" />
      <source>Package</source>
      <translation>Paket</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="46" />
      <source>Version</source>
      <translation>Version</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="60" />
      <source>Copy install command</source>
      <translation>Installationsbefehl kopieren</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="62" />
      <source>Check again</source>
      <translation>Erneut prüfen</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="64" />
      <location filename="../plugin/dependencies_panel.py" line="175" />
      <source>Install</source>
      <translation>Installieren</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="66" />
      <source>Install the missing packages into TorchMap's own folder (pip)</source>
      <translation>Die fehlenden Pakete in TorchMaps eigenen Ordner installieren (pip)</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="96" />
      <source>missing</source>
      <translation>fehlt</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="106" />
      <source>Missing: {}. Install with:
{}</source>
      <translation>Fehlt: {}. Installieren mit:
{}</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="110" />
      <source>Everything TorchMap needs is installed.</source>
      <translation>Alles, was TorchMap braucht, ist installiert.</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="122" />
      <source>Device: looking…</source>
      <translation>Gerät: wird gesucht…</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="130" />
      <source>Device: {}</source>
      <translation>Gerät: {}</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="132" />
      <source>Device: unknown (PyTorch is missing)</source>
      <translation>Gerät: unbekannt (PyTorch fehlt)</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="151" />
      <source>Cancelled.</source>
      <translation>Abgebrochen.</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="162" />
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="177" />
      <source>Installed. Restart QGIS to use TorchMap.</source>
      <translation>Installiert. Starten Sie QGIS neu, um TorchMap zu verwenden.</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="179" />
      <source>The installation failed or was cancelled (exit status {}); see the log.</source>
      <translation>Die Installation ist fehlgeschlagen oder wurde abgebrochen (Exit-Status {}); siehe Protokoll.</translation>
    </message>
  </context>
  <context>
    <name>DeviceInfo</name>
    <message>
      <location filename="../processing_provider/dependencies.py" line="113" />
      <source>no bf16</source>
      <translation>kein bf16</translation>
    </message>
    <message>
      <location filename="../processing_provider/dependencies.py" line="118" />
      <source>MPS (Apple GPU): {}, {}</source>
      <translation>MPS (Apple-GPU): {}, {}</translation>
    </message>
    <message>
      <location filename="../processing_provider/dependencies.py" line="120" />
      <source>native bf16</source>
      <translation>natives bf16</translation>
    </message>
    <message>
      <location filename="../processing_provider/dependencies.py" line="122" />
      <source>no native bf16</source>
      <translation>kein natives bf16</translation>
    </message>
    <message>
      <location filename="../processing_provider/dependencies.py" line="124" />
      <source>CPU ({}): {} threads, {}</source>
      <translation>CPU ({}): {} Threads, {}</translation>
    </message>
  </context>
  <context>
    <name>ExportTrainingDataAlgorithm</name>
    <message>
      <location filename="../engine/algorithms/export.py" line="54" />
      <source>Input raster</source>
      <translation>Eingaberaster</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="55" />
      <source>The image to learn from (any band count and data type): a file, a VRT, GeoPackage tiles, or an imagery service (XYZ, WMS, WMTS, WCS), read at CELL_SIZE over EXTENT.</source>
      <translation>Das Bild, aus dem gelernt wird (beliebige Bandanzahl und Datentyp): eine Datei, ein VRT, GeoPackage-Kacheln oder ein Bilddienst (XYZ, WMS, WMTS, WCS), gelesen mit CELL_SIZE über EXTENT.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="64" />
      <source>Class data (class raster, or polygons with a class value field)</source>
      <translation>Klassendaten (Klassenraster oder Polygone mit einem Klassenwertfeld)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="65" />
      <source>What each pixel is: a raster of class values (0 or nodata = unlabelled; its colour table and category names name and colour the classes) or polygons.</source>
      <translation>Was jedes Pixel ist: ein Raster von Klassenwerten (0 oder NoData = unbeschriftet; seine Farbtabelle und Kategorienamen benennen und färben die Klassen) oder Polygone.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="73" />
      <source>Class value field (integer; polygons only)</source>
      <translation>Klassenwertfeld (Ganzzahl; nur Polygone)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="74" />
      <source>Polygons only: the integer field holding the class value.</source>
      <translation>Nur Polygone: das Ganzzahlfeld mit dem Klassenwert.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="78" />
      <source>Class name field (polygons only)</source>
      <translation>Klassennamenfeld (nur Polygone)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="79" />
      <source>Polygons only: a field naming each class (optional).</source>
      <translation>Nur Polygone: ein Feld, das jede Klasse benennt (optional).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="84" />
      <source>Metadata format</source>
      <translation>Metadatenformat</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="85" />
      <source>Classified Tiles: image and label chips for pixel classification (U-Net). ImageNet / Labeled Tiles: one folder of chips per class, for image and object classification (ResNet).</source>
      <translation>Classified Tiles: Bild- und Beschriftungsausschnitte für die Pixelklassifikation (U-Net). ImageNet / Labeled Tiles: ein Ordner mit Ausschnitten je Klasse, für die Bild- und Objektklassifikation (ResNet).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="95" />
      <source>Classified Tiles (pixel classification)</source>
      <translation>Classified Tiles (Pixelklassifikation)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="96" />
      <source>ImageNet / Labeled Tiles (image and object classification)</source>
      <translation>ImageNet / Labeled Tiles (Bild- und Objektklassifikation)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="102" />
      <source>Tile size (pixels)</source>
      <translation>Kachelgröße (Pixel)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="103" />
      <source>Width (and height) of each chip in pixels, e.g. 256.</source>
      <translation>Breite (und Höhe) jedes Ausschnitts in Pixeln, z. B. 256.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="111" />
      <source>Stride (pixels; smaller than the tile size for overlapping chips)</source>
      <translation>Schrittweite (Pixel; kleiner als die Kachelgröße für überlappende Ausschnitte)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="112" />
      <source>Pixels between the starts of neighbouring chips; half the tile size gives overlapping chips, i.e. more of them.</source>
      <translation>Pixel zwischen den Anfängen benachbarter Ausschnitte; die halbe Kachelgröße ergibt überlappende, also mehr Ausschnitte.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="123" />
      <source>Chip format</source>
      <translation>Format der Ausschnitte</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="124" />
      <source>File format of the chips: TIFF keeps every band, data type and the georeferencing.</source>
      <translation>Dateiformat der Ausschnitte: TIFF behält alle Bänder, den Datentyp und die Georeferenzierung.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="132" />
      <source>TIFF (every band and data type, georeferenced)</source>
      <translation>TIFF (alle Bänder und Datentypen, georeferenziert)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="133" />
      <source>PNG (8-bit, 1, 3 or 4 bands)</source>
      <translation>PNG (8 Bit, 1, 3 oder 4 Bänder)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="134" />
      <source>JPEG (8-bit, 1 or 3 bands; labels as PNG)</source>
      <translation>JPEG (8 Bit, 1 oder 3 Bänder; Beschriftungen als PNG)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="140" />
      <source>Tile height (pixels; empty: the tile size)</source>
      <translation>Kachelhöhe (Pixel; leer: die Kachelgröße)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="141" />
      <source>Height of each chip when it differs from the width.</source>
      <translation>Höhe jedes Ausschnitts, wenn sie von der Breite abweicht.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="150" />
      <source>Stride y (pixels; empty: the stride)</source>
      <translation>Schrittweite y (Pixel; leer: die Schrittweite)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="151" />
      <source>Vertical stride when it differs from the horizontal one.</source>
      <translation>Vertikale Schrittweite, wenn sie von der horizontalen abweicht.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="157" />
      <source>Which raster bands to export, e.g. 4,3,2; empty: all.</source>
      <translation>Welche Rasterbänder exportiert werden, z. B. 4,3,2; leer: alle.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="161" />
      <source>Output cell size (CRS units; empty: the raster's)</source>
      <translation>Ausgabezellgröße (KBS-Einheiten; leer: die des Rasters)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="162" />
      <source>Resample the image to this cell size first; empty: keep it.</source>
      <translation>Das Bild zuerst auf diese Zellgröße neu abtasten; leer: beibehalten.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="168" />
      <source>Export only this part of the raster.</source>
      <translation>Nur diesen Teil des Rasters exportieren.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="169" />
      <source>Export only chips inside these polygons.</source>
      <translation>Nur Ausschnitte innerhalb dieser Polygone exportieren.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="173" />
      <source>Minimum labelled fraction of a chip (0-1)</source>
      <translation>Minimaler beschrifteter Anteil eines Ausschnitts (0-1)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="174" />
      <source>Skip chips with a smaller share of labelled pixels.</source>
      <translation>Ausschnitte mit einem geringeren Anteil beschrifteter Pixel überspringen.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="184" />
      <source>Export all tiles (also those without labels)</source>
      <translation>Alle Kacheln exportieren (auch solche ohne Beschriftung)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="185" />
      <source>Also write chips that have no labelled pixel.</source>
      <translation>Auch Ausschnitte ohne beschriftetes Pixel schreiben.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="190" />
      <source>Rotation angle for extra rotated chips (degrees; 0: none)</source>
      <translation>Drehwinkel für zusätzliche gedrehte Ausschnitte (Grad; 0: keine)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="191" />
      <source>Also write copies rotated by this angle (augmentation); 0: none.</source>
      <translation>Auch um diesen Winkel gedrehte Kopien schreiben (Augmentierung); 0: keine.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="200" />
      <source>ImageNet from polygons: how a feature's chip is cut.</source>
      <translation>ImageNet aus Polygonen: wie der Ausschnitt eines Objekts zugeschnitten wird.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="205" />
      <source>ImageNet from polygons: margin added around each bounding box.</source>
      <translation>ImageNet aus Polygonen: Rand, der um jeden Begrenzungsrahmen ergänzt wird.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="210" />
      <source>ImageNet from polygons: set pixels outside the feature to 0.</source>
      <translation>ImageNet aus Polygonen: Pixel außerhalb des Objekts auf 0 setzen.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="215" />
      <source>Start index of chip names</source>
      <translation>Startindex der Ausschnittnamen</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="216" />
      <source>Number of the first chip file (to continue an export).</source>
      <translation>Nummer der ersten Ausschnittdatei (um einen Export fortzusetzen).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="224" />
      <source>Append to an existing export</source>
      <translation>An einen bestehenden Export anhängen</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="225" />
      <source>Add the chips to an existing export of the same bands and classes.</source>
      <translation>Die Ausschnitte an einen bestehenden Export mit denselben Bändern und Klassen anhängen.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="229" />
      <source>Overwrite an existing export</source>
      <translation>Einen bestehenden Export überschreiben</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="230" />
      <source>Replace an existing TorchMap export in the output folder.</source>
      <translation>Einen bestehenden TorchMap-Export im Ausgabeordner ersetzen.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="235" />
      <source>Output folder</source>
      <translation>Ausgabeordner</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="236" />
      <source>Where images/, labels/ and torchmap_export.json are written.</source>
      <translation>Wohin images/, labels/ und torchmap_export.json geschrieben werden.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="241" />
      <source>Cuts an image raster into chips labelled by a thematic class raster or by polygons, for training a pixel classifier (Classified Tiles) or an image / object classifier (ImageNet / Labeled Tiles).

Class data: a raster of integer class values (0 or its nodata = unlabelled; its colour table and category names name and colour the classes), or a polygon layer with an integer class value field and an optional class name field. Polygons are rasterised on each chip's own grid; labels in another CRS are reprojected. Class values need not be 1..n (10/20/30 and values above 255 keep their values). Image nodata (value, mask, alpha, NaN) is never learned from.

Classified Tiles: images/ and labels/ chips of the same names, with ArcGIS's esri_model_definition.emd, esri_accumulated_stats.json, map.txt and stats.txt. ImageNet: images/&lt;class name&gt;/&lt;id&gt; chips, one per polygon (fixed size around its centroid, or its bounding box plus a buffer, resized to the tile size), or one per tile of a class raster labelled by its majority class. Both write torchmap_export.json: classes, bands, statistics over valid pixels, CRS, cell size and the source position of every chip.

An existing folder is refused unless Overwrite (replaces an earlier export) or Append (adds chips to it, numbered from Start index) is on.</source>
      <translation>Zerlegt ein Bildraster in Ausschnitte, die durch ein thematisches Klassenraster oder durch Polygone beschriftet sind, zum Training eines Pixelklassifikators (Classified Tiles) oder eines Bild-/Objektklassifikators (ImageNet / Labeled Tiles).

Klassendaten: ein Raster ganzzahliger Klassenwerte (0 oder sein NoData = unbeschriftet; seine Farbtabelle und Kategorienamen benennen und färben die Klassen) oder ein Polygonlayer mit einem ganzzahligen Klassenwertfeld und einem optionalen Klassennamenfeld. Polygone werden auf dem eigenen Gitter jedes Ausschnitts gerastert; Beschriftungen in einem anderen KBS werden reprojiziert. Klassenwerte müssen nicht 1..n sein (10/20/30 und Werte über 255 behalten ihre Werte). Aus NoData des Bildes (Wert, Maske, Alpha, NaN) wird nie gelernt.

Classified Tiles: Ausschnitte in images/ und labels/ mit gleichen Namen, dazu die ArcGIS-Dateien esri_model_definition.emd, esri_accumulated_stats.json, map.txt und stats.txt. ImageNet: Ausschnitte images/&lt;Klassenname&gt;/&lt;id&gt;, einer je Polygon (feste Größe um seinen Schwerpunkt oder sein Begrenzungsrahmen plus Puffer, auf die Kachelgröße skaliert) oder einer je Kachel eines Klassenrasters, beschriftet mit ihrer Mehrheitsklasse. Beide schreiben torchmap_export.json: Klassen, Bänder, Statistiken über gültige Pixel, KBS, Zellgröße und die Quellposition jedes Ausschnitts.

Ein bestehender Ordner wird abgelehnt, außer Überschreiben (ersetzt einen früheren Export) oder Anhängen (fügt Ausschnitte hinzu, nummeriert ab dem Startindex) ist aktiviert.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="314" />
      <source>Export Training Data</source>
      <translation>Trainingsdaten exportieren</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="317" />
      <source>Number of chips</source>
      <translation>Anzahl der Ausschnitte</translation>
    </message>
  </context>
  <context>
    <name>MetricChart</name>
    <message>
      <location filename="../plugin/metric_chart.py" line="63" />
      <source>Waiting for the first epoch…</source>
      <translation>Warten auf die erste Epoche…</translation>
    </message>
    <message>
      <location filename="../plugin/metric_chart.py" line="105" />
      <source>epoch</source>
      <translation>Epoche</translation>
    </message>
    <message>
      <location filename="../plugin/metric_chart.py" line="133" />
      <source>training loss</source>
      <translation>Trainingsverlust</translation>
    </message>
    <message>
      <location filename="../plugin/metric_chart.py" line="133" />
      <source>validation loss</source>
      <translation>Validierungsverlust</translation>
    </message>
  </context>
  <context>
    <name>Models</name>
    <message>
      <location filename="../processing_provider/provider.py" line="72" />
      <source>Land cover workflow</source>
      <translation>Landbedeckungs-Workflow</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="73" />
      <source>Workflows</source>
      <translation>Workflows</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="74" />
      <source>Image raster</source>
      <translation>Bildraster</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="75" />
      <source>Class raster (1..n, 0 = unlabelled)</source>
      <translation>Klassenraster (1..n, 0 = ohne Beschriftung)</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="76" />
      <source>Tile size (pixels)</source>
      <translation>Kachelgröße (Pixel)</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="77" />
      <source>Stride (pixels)</source>
      <translation>Schrittweite (Pixel)</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="78" />
      <source>Epochs</source>
      <translation>Epochen</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="79" />
      <source>Batch size</source>
      <translation>Batchgröße</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="80" />
      <source>Model package</source>
      <translation>Modellpaket</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="81" />
      <source>Land cover</source>
      <translation>Landbedeckung</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="82" />
      <source>The land-cover workflow in one run: cuts the image and its class raster into training chips (Export Training Data), trains a U-Net on them (Train Deep Learning Model) and classifies every pixel of the image with it (Classify Pixels). Outputs: the model package (.tmpk) and the classified land-cover raster, styled with the classes' colours and names. See the README section 'A graphical model: the land-cover workflow'.</source>
      <translation>Der Landbedeckungs-Workflow in einem Lauf: schneidet das Bild und sein Klassenraster in Trainingsausschnitte (Trainingsdaten exportieren), trainiert darauf ein U-Net (Deep-Learning-Modell trainieren) und klassifiziert damit jedes Pixel des Bildes (Pixel klassifizieren). Ausgaben: das Modellpaket (.tmpk) und das klassifizierte Landbedeckungsraster, mit den Farben und Namen der Klassen dargestellt. Siehe den README-Abschnitt „A graphical model: the land-cover workflow“.</translation>
    </message>
  </context>
  <context>
    <name>Options</name>
    <message>
      <location filename="../processing_provider/options.py" line="16" />
      <source>Automatic</source>
      <translation>Automatisch</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="17" />
      <source>CPU</source>
      <translation>CPU</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="18" />
      <source>CUDA GPU</source>
      <translation>CUDA-GPU</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="19" />
      <source>Apple GPU (MPS)</source>
      <translation>Apple-GPU (MPS)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="20" />
      <source>Full (float32)</source>
      <translation>Voll (float32)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="21" />
      <source>Half (bfloat16)</source>
      <translation>Halb (bfloat16)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="22" />
      <source>Half (float16, CUDA only)</source>
      <translation>Halb (float16, nur CUDA)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="23" />
      <source>None</source>
      <translation>Keine</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="24" />
      <source>Flips (3 passes)</source>
      <translation>Spiegelungen (3 Durchläufe)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="25" />
      <source>All 8 rotations and flips (8 passes)</source>
      <translation>Alle 8 Drehungen und Spiegelungen (8 Durchläufe)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="26" />
      <source>Fixed size around the centre</source>
      <translation>Feste Größe um die Mitte</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="27" />
      <source>Bounding box (plus buffer)</source>
      <translation>Begrenzungsrahmen (plus Puffer)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="28" />
      <source>Mean IoU</source>
      <translation>Mittlere IoU</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="29" />
      <source>Overall accuracy</source>
      <translation>Gesamtgenauigkeit</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="30" />
      <source>Validation loss</source>
      <translation>Validierungsverlust</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="35" />
      <source>Device</source>
      <translation>Gerät</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="49" />
      <source>Precision</source>
      <translation>Genauigkeit</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="63" />
      <source>Test-time augmentation</source>
      <translation>Augmentierung bei der Inferenz</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="77" />
      <source>Metric that picks the best epoch</source>
      <translation>Metrik, die die beste Epoche wählt</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="93" />
      <source>Crop mode (chips from features)</source>
      <translation>Zuschnittmodus (Ausschnitte aus Objekten)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="109" />
      <source>Buffer around bounding boxes (% of their size, each side)</source>
      <translation>Puffer um die Begrenzungsrahmen (% ihrer Größe, je Seite)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="124" />
      <source>Blacken around feature</source>
      <translation>Um das Objekt schwärzen</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="136" />
      <source>Batch size</source>
      <translation>Batchgröße</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="149" />
      <source>Processing extent</source>
      <translation>Verarbeitungsausdehnung</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="162" />
      <source>Mask layer (nothing is processed outside its polygons)</source>
      <translation>Maskenlayer (außerhalb seiner Polygone wird nichts verarbeitet)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="177" />
      <source>Bands (in order, e.g. 4,3,2)</source>
      <translation>Bänder (in Reihenfolge, z. B. 4,3,2)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="191" />
      <source>Processes (torchrun on this machine)</source>
      <translation>Prozesse (torchrun auf diesem Rechner)</translation>
    </message>
  </context>
  <context>
    <name>Styling</name>
    <message>
      <location filename="../processing_provider/styling.py" line="109" />
      <source>the disk is full</source>
      <translation>der Datenträger ist voll</translation>
    </message>
    <message>
      <location filename="../processing_provider/styling.py" line="111" />
      <source>it was written incomplete</source>
      <translation>sie wurde unvollständig geschrieben</translation>
    </message>
    <message>
      <location filename="../processing_provider/styling.py" line="113" />
      <source>could not write {}: {}</source>
      <translation>{} konnte nicht geschrieben werden: {}</translation>
    </message>
    <message>
      <location filename="../processing_provider/styling.py" line="133" />
      <source>{} could not be opened to save its style</source>
      <translation>{} konnte nicht geöffnet werden, um seinen Stil zu speichern</translation>
    </message>
  </context>
  <context>
    <name>StylingPanel</name>
    <message>
      <location filename="../plugin/styling_panel.py" line="52" />
      <source>Model package (.tmpk)</source>
      <translation>Modellpaket (.tmpk)</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="52" />
      <source>The raster's own colour table</source>
      <translation>Die Farbtabelle des Rasters</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="55" />
      <source>TorchMap model package (*.tmpk)</source>
      <translation>TorchMap-Modellpaket (*.tmpk)</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="56" />
      <source>Load classes</source>
      <translation>Klassen laden</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="58" />
      <source>Value</source>
      <translation>Wert</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="58" />
      <source>Colour</source>
      <translation>Farbe</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="58" />
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="60" />
      <source>Apply</source>
      <translation>Anwenden</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="61" />
      <source>Save as default style</source>
      <translation>Als Standardstil speichern</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="66" />
      <source>Layer:</source>
      <translation>Layer:</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="67" />
      <source>Class field (vector):</source>
      <translation>Klassenfeld (Vektor):</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="68" />
      <source>Classes from:</source>
      <translation>Klassen aus:</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="69" />
      <source>Model package:</source>
      <translation>Modellpaket:</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="102" />
      <source>Could not read the classes: {}</source>
      <translation>Die Klassen konnten nicht gelesen werden: {}</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="105" />
      <source>{} classes loaded.</source>
      <translation>{} Klassen geladen.</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="113" />
      <source>choose a raster layer to read its colour table</source>
      <translation>wählen Sie einen Rasterlayer, um seine Farbtabelle zu lesen</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="143" />
      <source>Choose a layer and load its classes first.</source>
      <translation>Wählen Sie zuerst einen Layer und laden Sie seine Klassen.</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="146" />
      <source>Styled {}.</source>
      <translation>{} wurde gestaltet.</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="156" />
      <source>The style was not saved: {}</source>
      <translation>Der Stil wurde nicht gespeichert: {}</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="158" />
      <source>Saved as the default style of {}.</source>
      <translation>Als Standardstil von {} gespeichert.</translation>
    </message>
  </context>
  <context>
    <name>TorchMapAlgorithm</name>
    <message>
      <location filename="../processing_provider/base.py" line="41" />
      <source>Training</source>
      <translation>Training</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="42" />
      <source>Inference</source>
      <translation>Inferenz</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="103" />
      <source>Running in {} processes (torchrun).</source>
      <translation>Läuft in {} Prozessen (torchrun).</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="156" />
      <source>Parameters</source>
      <translation>Parameter</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="157" />
      <source>More in the README: {}</source>
      <translation>Mehr im README: {}</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="188" />
      <source>TorchMap needs the Python packages {} in QGIS's Python. Install them with: {}</source>
      <translation>TorchMap benötigt die Python-Pakete {} im Python von QGIS. Installieren Sie sie mit: {}</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="225" />
      <source>Cancelled; no output was written.</source>
      <translation>Abgebrochen; es wurde keine Ausgabe geschrieben.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="248" />
      <source>Ran out of memory; use a smaller batch size (or tile size), or close other programs.</source>
      <translation>Nicht genug Speicher; verwenden Sie eine kleinere Batchgröße (oder Kachelgröße) oder schließen Sie andere Programme.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="256" />
      <source>TorchMap failed unexpectedly ({}: {}). Please report it at {}.</source>
      <translation>TorchMap ist unerwartet fehlgeschlagen ({}: {}). Bitte melden Sie es unter {}.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="276" />
      <source>the raster layer could not be loaded.</source>
      <translation>der Rasterlayer konnte nicht geladen werden.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="311" />
      <source>{} cannot be read ({}); save it as a GeoTIFF first (Raster &gt; Conversion &gt; Translate).</source>
      <translation>{} kann nicht gelesen werden ({}); speichern Sie es zuerst als GeoTIFF (Raster &gt; Konvertierung &gt; Übersetzen).</translation>
    </message>
    <message>
      <location filename="../processing_provider/parameters.py" line="224" />
      <source>the layer could not be loaded.</source>
      <translation>der Layer konnte nicht geladen werden.</translation>
    </message>
  </context>
  <context>
    <name>TorchMapDock</name>
    <message>
      <location filename="../plugin/dock.py" line="17" />
      <source>TorchMap</source>
      <translation>TorchMap</translation>
    </message>
    <message>
      <location filename="../plugin/dock.py" line="23" />
      <source>Training</source>
      <translation>Training</translation>
    </message>
    <message>
      <location filename="../plugin/dock.py" line="24" />
      <source>Styling</source>
      <translation>Stil</translation>
    </message>
    <message>
      <location filename="../plugin/dock.py" line="25" />
      <source>Dependencies</source>
      <translation>Abhängigkeiten</translation>
    </message>
  </context>
  <context>
    <name>TorchMapPlugin</name>
    <message>
      <location filename="../plugin/torchmap_plugin.py" line="48" />
      <source>TorchMap</source>
      <translation>TorchMap</translation>
    </message>
    <message>
      <location filename="../plugin/torchmap_plugin.py" line="50" />
      <source>Training runs, class styling and dependencies</source>
      <translation>Trainingsläufe, Klassenstil und Abhängigkeiten</translation>
    </message>
  </context>
  <context>
    <name>TorchMapProvider</name>
    <message>
      <location filename="../processing_provider/provider.py" line="47" />
      <source>TorchMap: deep learning for imagery (PyTorch)</source>
      <translation>TorchMap: Deep Learning für Bilddaten (PyTorch)</translation>
    </message>
  </context>
  <context>
    <name>TrainDeepLearningModelAlgorithm</name>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="24" />
      <source>{} (pixel classification)</source>
      <translation>{} (Pixelklassifikation)</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="25" />
      <source>{} (image classification)</source>
      <translation>{} (Bildklassifikation)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="29" />
      <source>TorchMap model package (*.tmpk)</source>
      <translation>TorchMap-Modellpaket (*.tmpk)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="50" />
      <source>Training data folder</source>
      <translation>Ordner der Trainingsdaten</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="51" />
      <source>The training data folder (an export, or class sub-folders).</source>
      <translation>Der Trainingsdatenordner (ein Export oder Unterordner je Klasse).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="57" />
      <source>More training data folders (separated by ;)</source>
      <translation>Weitere Trainingsdatenordner (getrennt durch ;)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="58" />
      <source>More folders of the same bands and classes to train on.</source>
      <translation>Weitere Ordner mit denselben Bändern und Klassen zum Trainieren.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="64" />
      <source>Model type</source>
      <translation>Modelltyp</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="65" />
      <source>The network, and with it the task: pixel or image classification.</source>
      <translation>Das Netz und damit die Aufgabe: Pixel- oder Bildklassifikation.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="73" />
      <source>Backbone (empty: the model type's default, e.g. resnet34)</source>
      <translation>Backbone (leer: der Standard des Modelltyps, z. B. resnet34)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="74" />
      <source>The encoder network, e.g. resnet18 or resnet34; empty: the model type's default.</source>
      <translation>Das Encoder-Netz, z. B. resnet18 oder resnet34; leer: der Standard des Modelltyps.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="81" />
      <source>Pretrained weights</source>
      <translation>Vortrainierte Gewichte</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="82" />
      <source>Start from ImageNet weights (from the local weight cache) or from scratch.</source>
      <translation>Mit ImageNet-Gewichten (aus dem lokalen Gewichtscache) oder von Grund auf beginnen.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="87" />
      <source>None (from scratch)</source>
      <translation>Keine (von Grund auf)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="87" />
      <source>ImageNet (weight cache)</source>
      <translation>ImageNet (Gewichtscache)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="92" />
      <source>Epochs (maximum; empty: 10, or as many as the time allows)</source>
      <translation>Epochen (maximal; leer: 10, oder so viele, wie die Zeit erlaubt)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="93" />
      <source>Passes over the training chips (at most; early stopping may end sooner). Empty: 10, or with a maximum training time as many as fit in it.</source>
      <translation>Durchläufe über die Trainingsausschnitte (höchstens; frühes Stoppen kann früher enden). Leer: 10, oder mit einer maximalen Trainingszeit so viele, wie hineinpassen.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="102" />
      <source>Chips per training step; lower it if memory runs out.</source>
      <translation>Ausschnitte pro Trainingsschritt; verringern Sie ihn, wenn der Speicher nicht reicht.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="110" />
      <source>Learning rate (empty or 0: find it)</source>
      <translation>Lernrate (leer oder 0: ermitteln)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="111" />
      <source>Step size of the optimiser; empty or 0 runs the learning rate finder.</source>
      <translation>Schrittweite des Optimierers; leer oder 0 startet die Lernratensuche.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="119" />
      <source>Validation chips (%)</source>
      <translation>Validierungsausschnitte (%)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="120" />
      <source>Share of the chips held back to measure the model.</source>
      <translation>Anteil der Ausschnitte, der zum Messen des Modells zurückgehalten wird.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="131" />
      <source>Maximum training time (minutes, 0: no limit)</source>
      <translation>Maximale Trainingszeit (Minuten, 0: unbegrenzt)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="132" />
      <source>Stop after this many minutes and keep the best epoch; 0: no limit.</source>
      <translation>Nach so vielen Minuten aufhören und die beste Epoche behalten; 0: unbegrenzt.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="142" />
      <source>Local pretrained weights file (.pth)</source>
      <translation>Lokale Datei mit vortrainierten Gewichten (.pth)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="143" />
      <source>A local weights file to start the backbone from.</source>
      <translation>Eine lokale Gewichtsdatei als Ausgangspunkt des Backbones.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="151" />
      <source>Training window (px, 0: half the chip)</source>
      <translation>Trainingsfenster (px, 0: die halbe Kachel)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="152" />
      <source>Pixel classification: every epoch trains on a fresh random window of this size from each chip (a multiple of 32), placed over labelled pixels; 0: half the chip's side (at least 32); the chip's size or more: whole chips.</source>
      <translation>Pixelklassifikation: In jeder Epoche wird auf einem neuen zufälligen Fenster dieser Größe aus jeder Kachel trainiert (ein Vielfaches von 32), über beschrifteten Pixeln platziert; 0: die halbe Kachelseite (mindestens 32); Kachelgröße oder mehr: ganze Kacheln.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="165" />
      <source>Refit on every chip for the package</source>
      <translation>Für das Paket auf allen Kacheln neu trainieren</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="166" />
      <source>After the validated run has chosen the schedule, train once more on all chips (validation chips included) and save those weights; the metrics stay the validated run's. Auto: on for sets of up to 300 chips, where holding chips back costs most.</source>
      <translation>Nachdem der validierte Lauf den Zeitplan gewählt hat, noch einmal auf allen Kacheln trainieren (Validierungskacheln eingeschlossen) und diese Gewichte speichern; die Metriken bleiben die des validierten Laufs. Auto: an für Datensätze bis 300 Kacheln, wo zurückgehaltene Kacheln am meisten kosten.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="176" />
      <source>Auto (small sets)</source>
      <translation>Auto (kleine Datensätze)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="176" />
      <source>On</source>
      <translation>An</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="176" />
      <source>Off</source>
      <translation>Aus</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="181" />
      <source>Early stopping patience (epochs, 0: off)</source>
      <translation>Geduld des frühen Abbruchs (Epochen, 0: aus)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="182" />
      <source>Stop when the monitored metric has not improved for this many epochs; 0: never.</source>
      <translation>Aufhören, wenn sich die überwachte Metrik so viele Epochen nicht verbessert hat; 0: nie.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="188" />
      <source>The validation metric that decides the best epoch.</source>
      <translation>Die Validierungsmetrik, die die beste Epoche bestimmt.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="192" />
      <source>Epochs with the backbone frozen</source>
      <translation>Epochen mit eingefrorenem Backbone</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="193" />
      <source>First epochs that train only the head, keeping pretrained backbone weights.</source>
      <translation>Erste Epochen, die nur den Kopf trainieren und die vortrainierten Backbone-Gewichte behalten.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="202" />
      <source>Fine-tune from model package</source>
      <translation>Von einem Modellpaket aus feinabstimmen</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="203" />
      <source>Continue training (fine-tune) a model package of the same classes.</source>
      <translation>Das Training eines Modellpakets mit denselben Klassen fortsetzen (Feinabstimmung).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="212" />
      <source>Random seed</source>
      <translation>Zufallsstartwert</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="213" />
      <source>Makes the split and the training repeatable.</source>
      <translation>Macht die Aufteilung und das Training wiederholbar.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="219" />
      <source>Where to train: auto picks a CUDA GPU (or Apple MPS) when available, else the CPU.</source>
      <translation>Wo trainiert wird: auto wählt eine CUDA-GPU (oder Apple MPS), falls vorhanden, sonst die CPU.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="224" />
      <source>Number format of the computation; bf16 or fp16 is faster on recent hardware.</source>
      <translation>Zahlenformat der Berechnung; bf16 oder fp16 ist auf neuer Hardware schneller.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="227" />
      <source>Above 1, the model trains in that many processes at once (PyTorch's torchrun: one GPU each, or the CPU cores shared), as one run; see the README's Scaling out.</source>
      <translation>Über 1 trainiert das Modell in so vielen Prozessen zugleich (PyTorchs torchrun: je eine GPU, oder die CPU-Kerne geteilt) als ein Lauf; siehe „Scaling out“ im README.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="235" />
      <source>Output model package</source>
      <translation>Ausgabe-Modellpaket</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="236" />
      <source>Where the model package (.tmpk) is saved; the report goes beside it. By default a new file in the TorchMap/models folder of your home folder, kept after QGIS closes.</source>
      <translation>Wo das Modellpaket (.tmpk) gespeichert wird; der Bericht kommt daneben. Standardmäßig eine neue Datei im Ordner TorchMap/models Ihres Benutzerordners, die nach dem Schließen von QGIS erhalten bleibt.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="247" />
      <source>Trains a deep learning model on the CPU or a GPU and saves it as one TorchMap model package (.tmpk), with an HTML report beside it.

Pixel classification (U-Net, U-Net++, DeepLabV3+, FPN, PSPNet, LinkNet, MA-Net, PAN, UPerNet, SegFormer; any segmentation-models-pytorch encoder as backbone): training data written by Export Training Data or ArcGIS (Classified Tiles). Image classification (ResNet, EfficientNet, MobileNetV3, ConvNeXt): a folder with one sub-folder of images per class, or an ArcGIS Labeled Tiles / ImageNet export; use the model with Classify Objects.

The default recipe: AdamW with a one-cycle schedule, class-weighted cross-entropy plus Dice for pixels, oversampling of rare classes for images, flips and quarter turns, bf16 on CUDA GPUs (PRECISION=bf16 on CPUs with native bf16). Leave the learning rate empty to let the learning rate finder pick it. Maximum time (minutes) fits the schedule to a time budget. VALIDATION_PCT percent of the chips are held back (spatially apart from the training chips); the package keeps the best epoch. Cancel stops within one batch and writes nothing; Stop in the TorchMap dock ends the run early and saves the best model so far.</source>
      <translation>Trainiert ein Deep-Learning-Modell auf der CPU oder einer GPU und speichert es als ein TorchMap-Modellpaket (.tmpk), mit einem HTML-Bericht daneben.

Pixelklassifikation (U-Net, U-Net++, DeepLabV3+, FPN, PSPNet, LinkNet, MA-Net, PAN, UPerNet, SegFormer; jeder Encoder von segmentation-models-pytorch als Backbone): Trainingsdaten von Trainingsdaten exportieren oder ArcGIS (Classified Tiles). Bildklassifikation (ResNet, EfficientNet, MobileNetV3, ConvNeXt): ein Ordner mit einem Unterordner von Bildern je Klasse oder ein ArcGIS-Labeled-Tiles-/ImageNet-Export; verwenden Sie das Modell mit Objekte klassifizieren.

Das Standardrezept: AdamW mit One-Cycle-Zeitplan, klassengewichtete Kreuzentropie plus Dice für Pixel, Überabtastung seltener Klassen für Bilder, Spiegelungen und Vierteldrehungen, bf16 auf CUDA-GPUs (PRECISION=bf16 auf CPUs mit nativem bf16). Lassen Sie die Lernrate leer, damit die Lernratensuche sie wählt. Die maximale Zeit (Minuten) passt den Zeitplan an ein Zeitbudget an. VALIDATION_PCT Prozent der Ausschnitte werden zurückgehalten (räumlich getrennt von den Trainingsausschnitten); das Paket behält die beste Epoche. Abbrechen stoppt innerhalb eines Batches und schreibt nichts; Stopp im TorchMap-Dock beendet den Lauf vorzeitig und speichert das bisher beste Modell.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="318" />
      <source>Train Deep Learning Model</source>
      <translation>Deep-Learning-Modell trainieren</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="322" />
      <source>Validation accuracy (0-1)</source>
      <translation>Validierungsgenauigkeit (0-1)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="323" />
      <source>Validation mean IoU</source>
      <translation>Mittlere Validierungs-IoU</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="324" />
      <source>Training report</source>
      <translation>Trainingsbericht</translation>
    </message>
  </context>
  <context>
    <name>TrainingPanel</name>
    <message>
      <location filename="../plugin/training_panel.py" line="61" />
      <source>Train…</source>
      <translation>Trainieren…</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="62" />
      <source>Stop</source>
      <translation>Stopp</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="64" />
      <source>Finish the run now and save the best model so far as a valid package.</source>
      <translation>Den Lauf jetzt beenden und das bisher beste Modell als gültiges Paket speichern.</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="66" />
      <source>Open report</source>
      <translation>Bericht öffnen</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="67" />
      <source>Add legend to map</source>
      <translation>Legende zur Karte hinzufügen</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="74" />
      <source>Status:</source>
      <translation>Status:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="75" />
      <source>Epoch:</source>
      <translation>Epoche:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="76" />
      <source>Batch:</source>
      <translation>Batch:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="77" />
      <source>Time:</source>
      <translation>Zeit:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="78" />
      <source>Device:</source>
      <translation>Gerät:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="79" />
      <source>Best so far:</source>
      <translation>Bisher bester Wert:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="86" />
      <source>Training runs of this session:</source>
      <translation>Trainingsläufe dieser Sitzung:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="139" />
      <source>{} of {}</source>
      <translation>{} von {}</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="144" />
      <source>{} elapsed, {} left</source>
      <translation>{} vergangen, {} verbleibend</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="150" />
      <source>{} {:.4f} (epoch {})</source>
      <translation>{} {:.4f} (Epoche {})</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="165" />
      <source>running</source>
      <translation>läuft</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="166" />
      <source>completed</source>
      <translation>abgeschlossen</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="167" />
      <source>stopped early</source>
      <translation>vorzeitig beendet</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="168" />
      <source>cancelled</source>
      <translation>abgebrochen</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="169" />
      <source>failed</source>
      <translation>fehlgeschlagen</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="172" />
      <source>stopping…</source>
      <translation>wird beendet…</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="219" />
      <source>Classes of {}</source>
      <translation>Klassen von {}</translation>
    </message>
  </context>
</TS>

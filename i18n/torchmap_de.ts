<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>ClassifyObjectsAlgorithm</name>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="50" />
      <source>Classify Objects</source>
      <translation>Objekte klassifizieren</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="53" />
      <source>Gives every polygon (e.g. a fishnet cell, a building, a parcel) a class from an image classification model package (.tmpk, e.g. a ResNet-18 from Train Deep Learning Model), looking at the raster under the polygon's bounding box.

The output keeps all input fields and adds class_value, class_name and confidence (the model's probability for that class, 0-1); input fields of those names, e.g. of an earlier run, are replaced. Polygons outside the raster or over nodata only get empty values. Features are reprojected to the raster's CRS on the fly.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="66" />
      <source>Input raster</source>
      <translation>Eingaberaster</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="71" />
      <source>Objects to classify (polygons)</source>
      <translation>Zu klassifizierende Objekte (Polygone)</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="77" />
      <source>Model package (.tmpk)</source>
      <translation>Modellpaket (.tmpk)</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="82" />
      <source>Classified objects</source>
      <translation>Klassifizierte Objekte</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="114" />
      <source>The input's fields {} are replaced by the new classes.</source>
      <translation>Die Felder {} der Eingabe werden durch die neuen Klassen ersetzt.</translation>
    </message>
  </context>
  <context>
    <name>ClassifyPixelsAlgorithm</name>
    <message>
      <location filename="../processing_provider/classify_pixels.py" line="32" />
      <source>Classify Pixels</source>
      <translation>Pixel klassifizieren</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_pixels.py" line="35" />
      <source>Classifies every pixel of a raster with a pixel classification model package (.tmpk, e.g. a U-Net from Train Deep Learning Model).

The raster needs the bands the model was trained on, in the same order. It is processed tile by tile, so rasters of any size work. The output GeoTIFF is on the input's grid (CRS, extent, cell size), holds class values with 0 = no data (input nodata stays nodata), and carries the model's class colours and names.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../processing_provider/classify_pixels.py" line="46" />
      <source>Input raster</source>
      <translation>Eingaberaster</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_pixels.py" line="50" />
      <source>Model package (.tmpk)</source>
      <translation>Modellpaket (.tmpk)</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_pixels.py" line="54" />
      <source>Classified raster</source>
      <translation>Klassifiziertes Raster</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_pixels.py" line="72" />
      <source>The class style was not saved: {}</source>
      <translation>Der Klassenstil wurde nicht gespeichert: {}</translation>
    </message>
  </context>
  <context>
    <name>DependenciesPanel</name>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="31" />
      <source>Package</source>
      <translation>Paket</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="31" />
      <source>Version</source>
      <translation>Version</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="39" />
      <source>Copy install command</source>
      <translation>Installationsbefehl kopieren</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="41" />
      <source>Check again</source>
      <translation>Erneut prüfen</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="57" />
      <source>missing</source>
      <translation>fehlt</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="62" />
      <source>Device: {}</source>
      <translation>Gerät: {}</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="64" />
      <source>Device: unknown (PyTorch is missing)</source>
      <translation>Gerät: unbekannt (PyTorch fehlt)</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="69" />
      <source>Missing: {}. Install with:
{}</source>
      <translation>Fehlt: {}. Installieren mit:
{}</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="73" />
      <source>Everything TorchMap needs is installed.</source>
      <translation>Alles, was TorchMap braucht, ist installiert.</translation>
    </message>
  </context>
  <context>
    <name>ExportTrainingDataAlgorithm</name>
    <message>
      <location filename="../processing_provider/export_training_data.py" line="41" />
      <source>Export Training Data</source>
      <translation>Trainingsdaten exportieren</translation>
    </message>
    <message>
      <location filename="../processing_provider/export_training_data.py" line="44" />
      <source>Cuts an image raster and a thematic class raster into matching image and label chips (GeoTIFF) for training a pixel classifier.

Class raster: integer class values 1..n; 0 (or its nodata value) marks unlabelled pixels. Its colour table and category names, if any, name and colour the classes. It is resampled (nearest neighbour) onto the image's grid if needed. Chips without any labelled pixel are skipped; image nodata is never learned from.

The output folder gets images/, labels/ and torchmap_export.json (classes, bands, per-band statistics, CRS, cell size). An existing folder is replaced only if it is empty or an earlier TorchMap export.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../processing_provider/export_training_data.py" line="58" />
      <source>Input raster</source>
      <translation>Eingaberaster</translation>
    </message>
    <message>
      <location filename="../processing_provider/export_training_data.py" line="62" />
      <source>Class raster (values 1..n, 0 = unlabelled)</source>
      <translation>Klassenraster (Werte 1..n, 0 = unbeschriftet)</translation>
    </message>
    <message>
      <location filename="../processing_provider/export_training_data.py" line="67" />
      <source>Tile size (pixels)</source>
      <translation>Kachelgröße (Pixel)</translation>
    </message>
    <message>
      <location filename="../processing_provider/export_training_data.py" line="73" />
      <source>Stride (pixels; smaller than the tile size for overlapping chips)</source>
      <translation>Schrittweite (Pixel; kleiner als die Kachelgröße für überlappende Ausschnitte)</translation>
    </message>
    <message>
      <location filename="../processing_provider/export_training_data.py" line="79" />
      <source>Output folder</source>
      <translation>Ausgabeordner</translation>
    </message>
    <message>
      <location filename="../processing_provider/export_training_data.py" line="81" />
      <source>Number of chips</source>
      <translation>Anzahl der Ausschnitte</translation>
    </message>
  </context>
  <context>
    <name>MetricChart</name>
    <message>
      <location filename="../plugin/metric_chart.py" line="61" />
      <source>Waiting for the first epoch…</source>
      <translation>Warten auf die erste Epoche…</translation>
    </message>
    <message>
      <location filename="../plugin/metric_chart.py" line="103" />
      <source>epoch</source>
      <translation>Epoche</translation>
    </message>
    <message>
      <location filename="../plugin/metric_chart.py" line="131" />
      <source>training loss</source>
      <translation>Trainingsverlust</translation>
    </message>
    <message>
      <location filename="../plugin/metric_chart.py" line="131" />
      <source>validation loss</source>
      <translation>Validierungsverlust</translation>
    </message>
  </context>
  <context>
    <name>StylingPanel</name>
    <message>
      <location filename="../plugin/styling_panel.py" line="51" />
      <source>Model package (.tmpk)</source>
      <translation>Modellpaket (.tmpk)</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="51" />
      <source>The raster's own colour table</source>
      <translation>Die Farbtabelle des Rasters</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="54" />
      <source>TorchMap model package (*.tmpk)</source>
      <translation>TorchMap-Modellpaket (*.tmpk)</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="55" />
      <source>Load classes</source>
      <translation>Klassen laden</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="57" />
      <source>Value</source>
      <translation>Wert</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="57" />
      <source>Colour</source>
      <translation>Farbe</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="57" />
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="59" />
      <source>Apply</source>
      <translation>Anwenden</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="60" />
      <source>Save as default style</source>
      <translation>Als Standardstil speichern</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="65" />
      <source>Layer:</source>
      <translation>Layer:</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="66" />
      <source>Class field (vector):</source>
      <translation>Klassenfeld (Vektor):</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="67" />
      <source>Classes from:</source>
      <translation>Klassen aus:</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="68" />
      <source>Model package:</source>
      <translation>Modellpaket:</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="101" />
      <source>Could not read the classes: {}</source>
      <translation>Die Klassen konnten nicht gelesen werden: {}</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="104" />
      <source>{} classes loaded.</source>
      <translation>{} Klassen geladen.</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="112" />
      <source>choose a raster layer to read its colour table</source>
      <translation>wählen Sie einen Rasterlayer, um seine Farbtabelle zu lesen</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="142" />
      <source>Choose a layer and load its classes first.</source>
      <translation>Wählen Sie zuerst einen Layer und laden Sie seine Klassen.</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="145" />
      <source>Styled {}.</source>
      <translation>{} wurde gestaltet.</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="155" />
      <source>The style was not saved: {}</source>
      <translation>Der Stil wurde nicht gespeichert: {}</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="157" />
      <source>Saved as the default style of {}.</source>
      <translation>Als Standardstil von {} gespeichert.</translation>
    </message>
  </context>
  <context>
    <name>TorchMapAlgorithm</name>
    <message>
      <location filename="../processing_provider/base.py" line="29" />
      <source>Training</source>
      <translation>Training</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="30" />
      <source>Inference</source>
      <translation>Inferenz</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="61" />
      <source>TorchMap needs the Python packages {} in QGIS's Python. Install them with: {}</source>
      <translation>TorchMap benötigt die Python-Pakete {} im Python von QGIS. Installieren Sie sie mit: {}</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="77" />
      <source>Cancelled; no output was written.</source>
      <translation>Abgebrochen; es wurde keine Ausgabe geschrieben.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="99" />
      <source>Ran out of memory; use a smaller batch size (or tile size), or close other programs.</source>
      <translation>Nicht genug Speicher; verwenden Sie eine kleinere Batchgröße (oder Kachelgröße) oder schließen Sie andere Programme.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="107" />
      <source>TorchMap failed unexpectedly ({}: {}). Please report it at {}.</source>
      <translation>TorchMap ist unerwartet fehlgeschlagen ({}: {}). Bitte melden Sie es unter {}.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="120" />
      <source>the raster layer could not be loaded.</source>
      <translation>der Rasterlayer konnte nicht geladen werden.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="129" />
      <source>{} is not a file-based raster; save it as a GeoTIFF first (Raster &gt; Conversion &gt; Translate).</source>
      <translation>{} ist kein dateibasiertes Raster; speichern Sie es zuerst als GeoTIFF (Raster &gt; Konvertierung &gt; Übersetzen).</translation>
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
      <location filename="../plugin/torchmap_plugin.py" line="45" />
      <source>TorchMap</source>
      <translation>TorchMap</translation>
    </message>
    <message>
      <location filename="../plugin/torchmap_plugin.py" line="47" />
      <source>Training runs, class styling and dependencies</source>
      <translation>Trainingsläufe, Klassenstil und Abhängigkeiten</translation>
    </message>
  </context>
  <context>
    <name>TorchMapProvider</name>
    <message>
      <location filename="../processing_provider/provider.py" line="42" />
      <source>TorchMap: deep learning for imagery (PyTorch)</source>
      <translation>TorchMap: Deep Learning für Bilddaten (PyTorch)</translation>
    </message>
  </context>
  <context>
    <name>TrainDeepLearningModelAlgorithm</name>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="46" />
      <source>Train Deep Learning Model</source>
      <translation>Deep-Learning-Modell trainieren</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="49" />
      <source>Trains a deep learning model from scratch on the CPU or, when available, a CUDA GPU, and saves it as one TorchMap model package (.tmpk).

U-Net (pixel classification): training data is a folder written by Export Training Data. ResNet-18 (image classification): a folder with one sub-folder of image chips per class, named after the class; use the model with Classify Objects.

A fixed fifth of the chips is held back for validation. Each epoch logs the training and validation loss, accuracy and mean IoU; the package keeps the epoch with the best validation mean IoU. Cancel stops within one batch and writes nothing.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="66" />
      <source>Training data folder</source>
      <translation>Ordner der Trainingsdaten</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="73" />
      <source>Model type</source>
      <translation>Modelltyp</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="80" />
      <source>Epochs</source>
      <translation>Epochen</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="85" />
      <source>Batch size</source>
      <translation>Batchgröße</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="91" />
      <source>Learning rate</source>
      <translation>Lernrate</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="100" />
      <source>Output model package</source>
      <translation>Ausgabe-Modellpaket</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="101" />
      <source>TorchMap model package (*.tmpk)</source>
      <translation>TorchMap-Modellpaket (*.tmpk)</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="106" />
      <source>Validation accuracy (0-1)</source>
      <translation>Validierungsgenauigkeit (0-1)</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="109" />
      <source>Validation mean IoU</source>
      <translation>Mittlere Validierungs-IoU</translation>
    </message>
  </context>
  <context>
    <name>TrainingPanel</name>
    <message>
      <location filename="../plugin/training_panel.py" line="54" />
      <source>Train…</source>
      <translation>Trainieren…</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="55" />
      <source>Stop</source>
      <translation>Stopp</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="57" />
      <source>Finish the run now and save the best model so far as a valid package.</source>
      <translation>Den Lauf jetzt beenden und das bisher beste Modell als gültiges Paket speichern.</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="59" />
      <source>Open report</source>
      <translation>Bericht öffnen</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="60" />
      <source>Add legend to map</source>
      <translation>Legende zur Karte hinzufügen</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="67" />
      <source>Status:</source>
      <translation>Status:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="68" />
      <source>Epoch:</source>
      <translation>Epoche:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="69" />
      <source>Batch:</source>
      <translation>Batch:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="70" />
      <source>Time:</source>
      <translation>Zeit:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="71" />
      <source>Device:</source>
      <translation>Gerät:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="72" />
      <source>Best so far:</source>
      <translation>Bisher bester Wert:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="82" />
      <source>Training runs of this session:</source>
      <translation>Trainingsläufe dieser Sitzung:</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="126" />
      <source>{} of {}</source>
      <translation>{} von {}</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="131" />
      <source>{} elapsed, {} left</source>
      <translation>{} vergangen, {} verbleibend</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="137" />
      <source>{} {:.4f} (epoch {})</source>
      <translation>{} {:.4f} (Epoche {})</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="150" />
      <source>running</source>
      <translation>läuft</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="151" />
      <source>completed</source>
      <translation>abgeschlossen</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="152" />
      <source>stopped early</source>
      <translation>vorzeitig beendet</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="153" />
      <source>cancelled</source>
      <translation>abgebrochen</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="154" />
      <source>failed</source>
      <translation>fehlgeschlagen</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="157" />
      <source>stopping…</source>
      <translation>wird beendet…</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="193" />
      <source>Classes of {}</source>
      <translation>Klassen von {}</translation>
    </message>
  </context>
</TS>

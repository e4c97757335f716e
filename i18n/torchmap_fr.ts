<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
  <context>
    <name>ClassifyObjectsAlgorithm</name>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="62" />
      <source>{} is a line layer; Classify Objects classifies polygons or points. Buffer the lines into polygons first (Vector &gt; Geoprocessing &gt; Buffer).</source>
      <translation>{} est une couche de lignes ; Classer des objets classe des polygones ou des points. Transformez d'abord les lignes en polygones par un tampon (Vecteur &gt; Outils de géotraitement &gt; Tampon).</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="123" />
      <source>The input's fields {} are replaced by the new classes.</source>
      <translation>Les champs {} de l'entrée sont remplacés par les nouvelles classes.</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="192" />
      <source>the disk is full</source>
      <translation>le disque est plein</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="193" />
      <source>it was written incomplete</source>
      <translation>il a été écrit incomplet</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="197" />
      <source>could not write {}: {}. Nothing was kept.</source>
      <translation>impossible d'écrire {} : {}. Rien n'a été conservé.</translation>
    </message>
    <message>
      <location filename="../processing_provider/classify_objects.py" line="214" />
      <source>The partial output {} could not be removed; delete it.</source>
      <translation>La sortie partielle {} n'a pas pu être supprimée ; supprimez-la.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="29" />
      <source>Input raster</source>
      <translation>Raster en entrée</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="30" />
      <source>The image the objects lie on, with the bands the model was trained on: a file, a VRT, GeoPackage tiles, or an imagery service (XYZ, WMS, WMTS, WCS), read at CELL_SIZE.</source>
      <translation>L'image sous les objets, avec les bandes sur lesquelles le modèle a été entraîné : un fichier, un VRT, des tuiles GeoPackage ou un service d'imagerie (XYZ, WMS, WMTS, WCS), lu à CELL_SIZE.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="40" />
      <source>Objects to classify (polygons or points)</source>
      <translation>Objets à classer (polygones ou points)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="41" />
      <source>The polygons or points to classify (lines: buffer them into polygons first).</source>
      <translation>Les polygones ou points à classer (lignes : les convertir d'abord en polygones par un tampon).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="48" />
      <source>Model package (.tmpk)</source>
      <translation>Paquet de modèle (.tmpk)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="49" />
      <source>An image classification or a pixel classification model package (.tmpk).</source>
      <translation>Un paquet de modèle de classification d'images ou de classification de pixels (.tmpk).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="54" />
      <source>Bounding box: the feature's extent plus the buffer, resized to the model's tile size. Fixed size: a window of the model's tile size around the centroid (points always use it). Not set: as the model's training chips were cut (Export Training Data records it), else a bounding box.</source>
      <translation>Emprise : l'emprise de l'entité plus le tampon, redimensionnée à la taille de tuile du modèle. Taille fixe : une fenêtre de la taille de tuile du modèle autour du centroïde (toujours pour les points). Non défini : comme les extraits d'entraînement du modèle ont été découpés (Exporter des données d'entraînement l'enregistre), sinon une emprise.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="63" />
      <source>Margin added around each bounding box, in % of its size; empty: the training chips' buffer (else 0).</source>
      <translation>Marge ajoutée autour de chaque emprise, en % de sa taille ; vide : le tampon des extraits d'entraînement (sinon 0).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="70" />
      <source>Hide the pixels outside the polygon, so only the feature is seen; unticked: as the training chips were cut.</source>
      <translation>Masquer les pixels hors du polygone, pour ne voir que l'entité ; décoché : comme les extraits d'entraînement ont été découpés.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="78" />
      <source>Top K classes to report</source>
      <translation>Top K : nombre de classes à indiquer</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="79" />
      <source>With more than 1, also write the next classes and their probabilities.</source>
      <translation>Au-delà de 1, écrire aussi les classes suivantes et leurs probabilités.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="87" />
      <source>Cell size for imagery services (XYZ, WMS, WMTS, WCS)</source>
      <translation>Taille de cellule pour les services d'imagerie (XYZ, WMS, WMTS, WCS)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="88" />
      <source>The cell size to read an imagery service at, in its layer's CRS units (e.g. 0.3 for 30 cm in EPSG:3857); it chooses the zoom level. Files are read at their own.</source>
      <translation>La taille de cellule à laquelle lire un service d'imagerie, en unités du SCR de sa couche (p. ex. 0,3 pour 30 cm en EPSG:3857) ; elle choisit le niveau de zoom. Les fichiers sont lus à la leur.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="96" />
      <source>Chips classified at once; lower it if memory runs out.</source>
      <translation>Nombre d'extraits classés à la fois ; réduisez-le si la mémoire manque.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="98" />
      <source>Automatic: a CUDA GPU (or Apple's MPS) when there is one, else the CPU.</source>
      <translation>Automatique : un GPU CUDA (ou le MPS d'Apple) s'il y en a un, sinon le processeur.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="101" />
      <source>Average the predictions over flips, or over all 8 rotations and flips (3 or 8 times slower).</source>
      <translation>Moyenne des prédictions sur des retournements, ou sur les 8 rotations et retournements (3 ou 8 fois plus lent).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="109" />
      <source>Classified objects</source>
      <translation>Objets classés</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="110" />
      <source>A copy of the layer with class_value, class_name and confidence added.</source>
      <translation>Une copie de la couche avec class_value, class_name et confidence ajoutés.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="115" />
      <source>Gives every polygon or point (a fishnet cell, a building, a parcel, a tree) a class from a model package (.tmpk) and the raster under it.

With an image classification package (e.g. a ResNet-18 trained on a folder of class sub-folders) each feature's chip is classified whole. With a pixel classification package (a U-Net) each feature gets the majority class of the predicted pixels inside it, and one frac_&lt;class&gt; field per class with the share of its pixels in that class.

Crop mode: Bounding box takes the feature's extent plus Buffer % (widened to a square) resized to the model's tile size; Fixed size takes a window of the model's tile size (in raster pixels) around the centroid. Points always use Fixed size. Blacken around feature hides the pixels outside the polygon.

The output keeps all input fields and adds class_value, class_name and confidence (image models: the probability, 0-1; pixel models: the share of the feature's pixels in that class), and with Top K &gt; 1 top2_value, top2_name, top2_confidence and so on; input fields of those names, e.g. of an earlier run, are replaced. Features outside the raster, over nodata only, or with a null geometry get NULL results; invalid polygons are repaired first (one warning counts both, with a few feature ids). Features are reprojected to the raster's CRS on the fly; 'Selected features only' and the layer's filter are honoured. Results are written batch by batch as they come (memory stays flat however many features); a cancel or a failure removes the partial output.</source>
      <translation>Attribue à chaque polygone ou point (une cellule de grille, un bâtiment, une parcelle, un arbre) une classe, à partir d'un paquet de modèle (.tmpk) et du raster sous-jacent.

Avec un paquet de classification d'images (p. ex. un ResNet-18 entraîné sur un dossier de sous-dossiers par classe), l'extrait de chaque entité est classé en entier. Avec un paquet de classification de pixels (un U-Net), chaque entité reçoit la classe majoritaire des pixels prédits à l'intérieur, et un champ frac_&lt;classe&gt; par classe avec la part de ses pixels dans cette classe.

Mode de découpe : Emprise prend l'emprise de l'entité plus le tampon en % (élargie en carré), redimensionnée à la taille des tuiles du modèle ; Taille fixe prend une fenêtre de la taille des tuiles du modèle (en pixels du raster) autour du centroïde. Les points utilisent toujours Taille fixe. Noircir autour de l'entité masque les pixels hors du polygone.

La sortie conserve tous les champs en entrée et ajoute class_value, class_name et confidence (modèles d'images : la probabilité, 0-1 ; modèles de pixels : la part des pixels de l'entité dans cette classe), et, avec Top K &gt; 1, top2_value, top2_name, top2_confidence, etc. ; les champs en entrée portant ces noms, p. ex. issus d'une exécution précédente, sont remplacés. Les entités hors du raster, uniquement sur du nodata, ou à géométrie nulle reçoivent des résultats NULL ; les polygones invalides sont d'abord réparés (un avertissement compte les deux, avec quelques identifiants d'entités). Les entités sont reprojetées à la volée dans le SCR du raster ; « Entités sélectionnées uniquement » et le filtre de la couche sont respectés. Les résultats sont écrits lot par lot, au fur et à mesure (la mémoire reste stable quel que soit le nombre d'entités) ; une annulation ou un échec supprime la sortie partielle.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_objects.py" line="173" />
      <source>Classify Objects</source>
      <translation>Classer des objets</translation>
    </message>
  </context>
  <context>
    <name>ClassifyPixelsAlgorithm</name>
    <message>
      <location filename="../processing_provider/classify_pixels.py" line="63" />
      <source>its style was not saved: {}</source>
      <translation>son style n'a pas été enregistré : {}</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="29" />
      <source>Input raster</source>
      <translation>Raster en entrée</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="30" />
      <source>The image to classify, with the bands the model was trained on: a file, a VRT, GeoPackage tiles, or an imagery service (XYZ, WMS, WMTS, WCS), read at CELL_SIZE over EXTENT (both required for a service).</source>
      <translation>L'image à classer, avec les bandes sur lesquelles le modèle a été entraîné : un fichier, un VRT, des tuiles GeoPackage ou un service d'imagerie (XYZ, WMS, WMTS, WCS), lu à CELL_SIZE sur EXTENT (tous deux requis pour un service).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="40" />
      <source>Model package (.tmpk)</source>
      <translation>Paquet de modèle (.tmpk)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="41" />
      <source>A pixel classification model package (.tmpk).</source>
      <translation>Un paquet de modèle de classification de pixels (.tmpk).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="46" />
      <source>Raster bands feeding the model's bands, in order (e.g. 4,3,2); empty: the bands the model was trained on.</source>
      <translation>Bandes du raster qui alimentent les bandes du modèle, dans l'ordre (p. ex. 4,3,2) ; vide : les bandes sur lesquelles le modèle a été entraîné.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="51" />
      <source>Classify only this area; empty: the whole raster.</source>
      <translation>Ne classer que cette zone ; vide : tout le raster.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="53" />
      <source>Polygons outside which nothing is classified (output no data there).</source>
      <translation>Polygones en dehors desquels rien n'est classé (nodata en sortie à ces endroits).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="58" />
      <source>Cell size (0: the model's training cell size)</source>
      <translation>Taille de cellule (0 : la taille de cellule d'entraînement du modèle)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="59" />
      <source>Cell size the model sees; 0: the model's training cell size (the raster is resampled on the fly).</source>
      <translation>Taille de cellule que voit le modèle ; 0 : la taille de cellule d'entraînement du modèle (le raster est rééchantillonné à la volée).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="71" />
      <source>Write outputs at the cell size (not on the input raster's grid)</source>
      <translation>Écrire les sorties à la taille de cellule (pas sur la grille du raster en entrée)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="72" />
      <source>Write the output at that cell size instead of on the input's grid.</source>
      <translation>Écrire la sortie à cette taille de cellule plutôt que sur la grille de l'entrée.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="79" />
      <source>Tile size in pixels (0: the model's)</source>
      <translation>Taille des tuiles en pixels (0 : celle du modèle)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="80" />
      <source>Tile size in pixels; 0: the model's tile size.</source>
      <translation>Taille des tuiles en pixels ; 0 : la taille des tuiles du modèle.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="90" />
      <source>Tile overlap (% of the tile)</source>
      <translation>Chevauchement des tuiles (% de la tuile)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="91" />
      <source>Share of each tile that overlaps its neighbours (default 25 %); overlapping tiles are blended smoothly, so there are no seams.</source>
      <translation>Part de chaque tuile qui chevauche ses voisines (25 % par défaut) ; les tuiles qui se chevauchent sont fondues progressivement, sans raccords visibles.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="102" />
      <source>Tiles inferred at once; lower it if memory runs out.</source>
      <translation>Nombre de tuiles inférées à la fois ; réduisez-le si la mémoire manque.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="104" />
      <source>Automatic: a CUDA GPU (or Apple's MPS) when there is one, else the CPU.</source>
      <translation>Automatique : un GPU CUDA (ou le MPS d'Apple) s'il y en a un, sinon le processeur.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="107" />
      <source>auto (bfloat16 or float16 where the hardware computes it natively), or float32 / bfloat16 / float16.</source>
      <translation>auto (bfloat16 ou float16 là où le matériel les calcule nativement), ou float32 / bfloat16 / float16.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="113" />
      <source>Above 1, that many processes (PyTorch's torchrun: one GPU each, or the CPU cores shared) each classify a share of the raster's rows; the output is the same.</source>
      <translation>Au-delà de 1, autant de processus (torchrun de PyTorch : un GPU chacun, ou les cœurs du CPU partagés) classent chacun une part des lignes du raster ; la sortie est la même.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="119" />
      <source>Average the predictions over flips, or over all 8 rotations and flips (3 or 8 times slower, often a little more accurate).</source>
      <translation>Moyenne des prédictions sur des retournements, ou sur les 8 rotations et retournements (3 ou 8 fois plus lent, souvent un peu plus précis).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="127" />
      <source>Classified raster</source>
      <translation>Raster classé</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="128" />
      <source>The classified raster (GeoTIFF, with the classes' colours and names).</source>
      <translation>Le raster classé (GeoTIFF, avec les couleurs et noms des classes).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="134" />
      <source>Confidence (probability of the class)</source>
      <translation>Confiance (probabilité de la classe)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="135" />
      <source>Optional raster of the chosen class's probability (0-1).</source>
      <translation>Raster facultatif de la probabilité de la classe choisie (0-1).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="142" />
      <source>Class probabilities (one band per class)</source>
      <translation>Probabilités des classes (une bande par classe)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="143" />
      <source>Optional raster with one probability band per class.</source>
      <translation>Raster facultatif avec une bande de probabilité par classe.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="149" />
      <source>Classifies every pixel of a raster with a pixel classification model package (.tmpk, e.g. a U-Net from Train Deep Learning Model).

The raster needs the bands the model was trained on; Bands maps them otherwise (e.g. 4,3,2: raster band 4 feeds the model's first band). Tiles overlap (25 % by default) and are blended smoothly, so there are no seams; rasters of any size work in bounded memory. The raster is read at the model's training cell size (or the Cell size given) and the output lies on the input's grid. Class values are the model's (any integers, e.g. 10/20/30 or above 255: then the output is 16-bit); input nodata (nodata value, mask, alpha, NaN) and pixels outside the mask layer become output nodata, a value that is no class. The output carries the model's class colours and names. Optional outputs: the confidence (probability of the chosen class) and one probability band per class.

Advanced: tile size, overlap, batch size, device, precision (auto uses bfloat16 or float16 where the hardware computes it natively) and test-time augmentation (flips, or all 8 rotations and flips: slower, often a little more accurate).</source>
      <translation>Classe chaque pixel d'un raster avec un paquet de modèle de classification de pixels (.tmpk, p. ex. un U-Net issu de Entraîner un modèle d'apprentissage profond).

Le raster doit avoir les bandes sur lesquelles le modèle a été entraîné ; sinon, Bandes les fait correspondre (p. ex. 4,3,2 : la bande 4 du raster alimente la première bande du modèle). Les tuiles se chevauchent (25 % par défaut) et sont fondues progressivement, sans raccords visibles ; les rasters de toute taille sont traités en mémoire bornée. Le raster est lu à la taille de cellule d'entraînement du modèle (ou à la Taille de cellule indiquée) et la sortie est sur la grille du raster en entrée. Les valeurs de classe sont celles du modèle (tout entier, p. ex. 10/20/30 ou au-delà de 255 : la sortie est alors en 16 bits) ; le nodata en entrée (valeur nodata, masque, alpha, NaN) et les pixels hors de la couche de masque deviennent du nodata en sortie, une valeur qui n'est aucune classe. La sortie porte les couleurs et les noms des classes du modèle. Sorties facultatives : la confiance (probabilité de la classe choisie) et une bande de probabilité par classe.

Avancé : taille des tuiles, chevauchement, taille de lot, périphérique, précision (auto utilise bfloat16 ou float16 là où le matériel les calcule nativement) et augmentation à l'inférence (retournements, ou les 8 rotations et retournements : plus lent, souvent un peu plus exact).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/classify_pixels.py" line="216" />
      <source>Classify Pixels</source>
      <translation>Classer des pixels</translation>
    </message>
  </context>
  <context>
    <name>Dependencies</name>
    <message>
      <location filename="../processing_provider/dependencies.py" line="188" />
      <source>This PyTorch build brings triton, which another plugin has already loaded into QGIS next to Mesa's OpenGL: QGIS may crash when TorchMap runs. Restart QGIS, or install PyTorch's CPU build, which has no triton.</source>
      <translation>Cette version de PyTorch apporte triton, qu'une autre extension a déjà chargé dans QGIS à côté de l'OpenGL de Mesa : QGIS risque de planter quand TorchMap s'exécute. Redémarrez QGIS, ou installez la version CPU de PyTorch, qui n'a pas triton.</translation>
    </message>
    <message>
      <location filename="../processing_provider/dependencies.py" line="194" />
      <source>This PyTorch build brings triton, whose LLVM would crash QGIS next to Mesa's OpenGL (loaded here). TorchMap keeps triton out of QGIS, so it runs safely; PyTorch's CPU build has no triton at all.</source>
      <translation>Cette version de PyTorch apporte triton, dont le LLVM ferait planter QGIS à côté de l'OpenGL de Mesa (chargé ici). TorchMap tient triton hors de QGIS, qui fonctionne donc sans risque ; la version CPU de PyTorch n'a pas du tout triton.</translation>
    </message>
  </context>
  <context>
    <name>DependenciesPanel</name>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="46" />
      <source>Package</source>
      <translation>Paquet</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="46" />
      <source>Version</source>
      <translation>Version</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="60" />
      <source>Copy install command</source>
      <translation>Copier la commande d'installation</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="62" />
      <source>Check again</source>
      <translation>Vérifier à nouveau</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="64" />
      <location filename="../plugin/dependencies_panel.py" line="175" />
      <source>Install</source>
      <translation>Installer</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="66" />
      <source>Install the missing packages into TorchMap's own folder (pip)</source>
      <translation>Installer les paquets manquants dans le dossier propre à TorchMap (pip)</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="96" />
      <source>missing</source>
      <translation>manquant</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="106" />
      <source>Missing: {}. Install with:
{}</source>
      <translation>Manquant : {}. Installer avec :
{}</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="110" />
      <source>Everything TorchMap needs is installed.</source>
      <translation>Tout ce dont TorchMap a besoin est installé.</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="122" />
      <source>Device: looking…</source>
      <translation>Périphérique : recherche…</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="130" />
      <source>Device: {}</source>
      <translation>Périphérique : {}</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="132" />
      <source>Device: unknown (PyTorch is missing)</source>
      <translation>Périphérique : inconnu (PyTorch manque)</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="151" />
      <source>Cancelled.</source>
      <translation>Annulé.</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="162" />
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="177" />
      <source>Installed. Restart QGIS to use TorchMap.</source>
      <translation>Installé. Redémarrez QGIS pour utiliser TorchMap.</translation>
    </message>
    <message>
      <location filename="../plugin/dependencies_panel.py" line="179" />
      <source>The installation failed or was cancelled (exit status {}); see the log.</source>
      <translation>L'installation a échoué ou a été annulée (code de sortie {}) ; voir le journal.</translation>
    </message>
  </context>
  <context>
    <name>DeviceInfo</name>
    <message>
      <location filename="../processing_provider/dependencies.py" line="113" />
      <source>no bf16</source>
      <translation>pas de bf16</translation>
    </message>
    <message>
      <location filename="../processing_provider/dependencies.py" line="118" />
      <source>MPS (Apple GPU): {}, {}</source>
      <translation>MPS (GPU Apple) : {}, {}</translation>
    </message>
    <message>
      <location filename="../processing_provider/dependencies.py" line="120" />
      <source>native bf16</source>
      <translation>bf16 natif</translation>
    </message>
    <message>
      <location filename="../processing_provider/dependencies.py" line="122" />
      <source>no native bf16</source>
      <translation>pas de bf16 natif</translation>
    </message>
    <message>
      <location filename="../processing_provider/dependencies.py" line="124" />
      <source>CPU ({}): {} threads, {}</source>
      <translation>CPU ({}) : {} threads, {}</translation>
    </message>
  </context>
  <context>
    <name>ExportTrainingDataAlgorithm</name>
    <message>
      <location filename="../engine/algorithms/export.py" line="54" />
      <source>Input raster</source>
      <translation>Raster en entrée</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="55" />
      <source>The image to learn from (any band count and data type): a file, a VRT, GeoPackage tiles, or an imagery service (XYZ, WMS, WMTS, WCS), read at CELL_SIZE over EXTENT.</source>
      <translation>L'image dont apprendre (tout nombre de bandes et type de données) : un fichier, un VRT, des tuiles GeoPackage ou un service d'imagerie (XYZ, WMS, WMTS, WCS), lu à CELL_SIZE sur EXTENT.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="64" />
      <source>Class data (class raster, or polygons with a class value field)</source>
      <translation>Données de classes (raster des classes, ou polygones avec un champ de valeur de classe)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="65" />
      <source>What each pixel is: a raster of class values (0 or nodata = unlabelled; its colour table and category names name and colour the classes) or polygons.</source>
      <translation>Ce qu'est chaque pixel : un raster de valeurs de classe (0 ou nodata = non étiqueté ; sa table de couleurs et ses noms de catégories nomment et colorent les classes) ou des polygones.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="73" />
      <source>Class value field (integer; polygons only)</source>
      <translation>Champ de valeur de classe (entier ; polygones seulement)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="74" />
      <source>Polygons only: the integer field holding the class value.</source>
      <translation>Polygones seulement : le champ entier contenant la valeur de classe.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="78" />
      <source>Class name field (polygons only)</source>
      <translation>Champ de nom de classe (polygones seulement)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="79" />
      <source>Polygons only: a field naming each class (optional).</source>
      <translation>Polygones seulement : un champ qui nomme chaque classe (facultatif).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="84" />
      <source>Metadata format</source>
      <translation>Format des métadonnées</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="85" />
      <source>Classified Tiles: image and label chips for pixel classification (U-Net). ImageNet / Labeled Tiles: one folder of chips per class, for image and object classification (ResNet).</source>
      <translation>Classified Tiles : extraits d'images et d'étiquettes pour la classification de pixels (U-Net). ImageNet / Labeled Tiles : un dossier d'extraits par classe, pour la classification d'images et d'objets (ResNet).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="95" />
      <source>Classified Tiles (pixel classification)</source>
      <translation>Classified Tiles (classification de pixels)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="96" />
      <source>ImageNet / Labeled Tiles (image and object classification)</source>
      <translation>ImageNet / Labeled Tiles (classification d'images et d'objets)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="102" />
      <source>Tile size (pixels)</source>
      <translation>Taille des tuiles (pixels)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="103" />
      <source>Width (and height) of each chip in pixels, e.g. 256.</source>
      <translation>Largeur (et hauteur) de chaque extrait en pixels, p. ex. 256.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="111" />
      <source>Stride (pixels; smaller than the tile size for overlapping chips)</source>
      <translation>Pas (pixels ; plus petit que la taille des tuiles pour des extraits qui se chevauchent)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="112" />
      <source>Pixels between the starts of neighbouring chips; half the tile size gives overlapping chips, i.e. more of them.</source>
      <translation>Pixels entre les débuts d'extraits voisins ; la moitié de la taille des tuiles donne des extraits qui se chevauchent, donc plus nombreux.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="123" />
      <source>Chip format</source>
      <translation>Format des extraits</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="124" />
      <source>File format of the chips: TIFF keeps every band, data type and the georeferencing.</source>
      <translation>Format de fichier des extraits : TIFF conserve toutes les bandes, le type de données et le géoréférencement.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="132" />
      <source>TIFF (every band and data type, georeferenced)</source>
      <translation>TIFF (toutes bandes et types de données, géoréférencé)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="133" />
      <source>PNG (8-bit, 1, 3 or 4 bands)</source>
      <translation>PNG (8 bits, 1, 3 ou 4 bandes)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="134" />
      <source>JPEG (8-bit, 1 or 3 bands; labels as PNG)</source>
      <translation>JPEG (8 bits, 1 ou 3 bandes ; étiquettes en PNG)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="140" />
      <source>Tile height (pixels; empty: the tile size)</source>
      <translation>Hauteur des tuiles (pixels ; vide : la taille des tuiles)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="141" />
      <source>Height of each chip when it differs from the width.</source>
      <translation>Hauteur de chaque extrait quand elle diffère de la largeur.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="150" />
      <source>Stride y (pixels; empty: the stride)</source>
      <translation>Pas en y (pixels ; vide : le pas)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="151" />
      <source>Vertical stride when it differs from the horizontal one.</source>
      <translation>Pas vertical quand il diffère du pas horizontal.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="157" />
      <source>Which raster bands to export, e.g. 4,3,2; empty: all.</source>
      <translation>Bandes du raster à exporter, p. ex. 4,3,2 ; vide : toutes.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="161" />
      <source>Output cell size (CRS units; empty: the raster's)</source>
      <translation>Taille de cellule en sortie (unités du SCR ; vide : celle du raster)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="162" />
      <source>Resample the image to this cell size first; empty: keep it.</source>
      <translation>Rééchantillonner d'abord l'image à cette taille de cellule ; vide : la conserver.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="168" />
      <source>Export only this part of the raster.</source>
      <translation>N'exporter que cette partie du raster.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="169" />
      <source>Export only chips inside these polygons.</source>
      <translation>N'exporter que les extraits situés dans ces polygones.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="173" />
      <source>Minimum labelled fraction of a chip (0-1)</source>
      <translation>Fraction étiquetée minimale d'un extrait (0-1)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="174" />
      <source>Skip chips with a smaller share of labelled pixels.</source>
      <translation>Ignorer les extraits dont la part de pixels étiquetés est plus faible.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="184" />
      <source>Export all tiles (also those without labels)</source>
      <translation>Exporter toutes les tuiles (aussi celles sans étiquettes)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="185" />
      <source>Also write chips that have no labelled pixel.</source>
      <translation>Écrire aussi les extraits sans aucun pixel étiqueté.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="190" />
      <source>Rotation angle for extra rotated chips (degrees; 0: none)</source>
      <translation>Angle de rotation pour des extraits tournés supplémentaires (degrés ; 0 : aucun)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="191" />
      <source>Also write copies rotated by this angle (augmentation); 0: none.</source>
      <translation>Écrire aussi des copies tournées de cet angle (augmentation) ; 0 : aucune.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="200" />
      <source>ImageNet from polygons: how a feature's chip is cut.</source>
      <translation>ImageNet depuis des polygones : comment l'extrait d'une entité est découpé.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="205" />
      <source>ImageNet from polygons: margin added around each bounding box.</source>
      <translation>ImageNet depuis des polygones : marge ajoutée autour de chaque emprise.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="210" />
      <source>ImageNet from polygons: set pixels outside the feature to 0.</source>
      <translation>ImageNet depuis des polygones : mettre à 0 les pixels hors de l'entité.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="215" />
      <source>Start index of chip names</source>
      <translation>Indice de départ des noms d'extraits</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="216" />
      <source>Number of the first chip file (to continue an export).</source>
      <translation>Numéro du premier fichier d'extrait (pour poursuivre un export).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="224" />
      <source>Append to an existing export</source>
      <translation>Ajouter à un export existant</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="225" />
      <source>Add the chips to an existing export of the same bands and classes.</source>
      <translation>Ajouter les extraits à un export existant des mêmes bandes et classes.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="229" />
      <source>Overwrite an existing export</source>
      <translation>Écraser un export existant</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="230" />
      <source>Replace an existing TorchMap export in the output folder.</source>
      <translation>Remplacer un export TorchMap existant dans le dossier de sortie.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="235" />
      <source>Output folder</source>
      <translation>Dossier de sortie</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="236" />
      <source>Where images/, labels/ and torchmap_export.json are written.</source>
      <translation>Où images/, labels/ et torchmap_export.json sont écrits.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="241" />
      <source>Cuts an image raster into chips labelled by a thematic class raster or by polygons, for training a pixel classifier (Classified Tiles) or an image / object classifier (ImageNet / Labeled Tiles).

Class data: a raster of integer class values (0 or its nodata = unlabelled; its colour table and category names name and colour the classes), or a polygon layer with an integer class value field and an optional class name field. Polygons are rasterised on each chip's own grid; labels in another CRS are reprojected. Class values need not be 1..n (10/20/30 and values above 255 keep their values). Image nodata (value, mask, alpha, NaN) is never learned from.

Classified Tiles: images/ and labels/ chips of the same names, with ArcGIS's esri_model_definition.emd, esri_accumulated_stats.json, map.txt and stats.txt. ImageNet: images/&lt;class name&gt;/&lt;id&gt; chips, one per polygon (fixed size around its centroid, or its bounding box plus a buffer, resized to the tile size), or one per tile of a class raster labelled by its majority class. Both write torchmap_export.json: classes, bands, statistics over valid pixels, CRS, cell size and the source position of every chip.

An existing folder is refused unless Overwrite (replaces an earlier export) or Append (adds chips to it, numbered from Start index) is on.</source>
      <translation>Découpe un raster image en extraits étiquetés par un raster thématique de classes ou par des polygones, pour entraîner un classificateur de pixels (Classified Tiles) ou d'images / d'objets (ImageNet / Labeled Tiles).

Données de classes : un raster de valeurs de classe entières (0 ou son nodata = non étiqueté ; sa table de couleurs et ses noms de catégories nomment et colorent les classes), ou une couche de polygones avec un champ entier de valeur de classe et un champ facultatif de nom de classe. Les polygones sont rastérisés sur la grille propre à chaque extrait ; les étiquettes dans un autre SCR sont reprojetées. Les valeurs de classe n'ont pas à être 1..n (10/20/30 et les valeurs au-delà de 255 gardent leurs valeurs). Le nodata de l'image (valeur, masque, alpha, NaN) n'est jamais appris.

Classified Tiles : des extraits images/ et labels/ de mêmes noms, avec les fichiers ArcGIS esri_model_definition.emd, esri_accumulated_stats.json, map.txt et stats.txt. ImageNet : des extraits images/&lt;nom de classe&gt;/&lt;id&gt;, un par polygone (de taille fixe autour de son centroïde, ou son emprise plus un tampon, redimensionnée à la taille des tuiles), ou un par tuile d'un raster de classes, étiqueté par sa classe majoritaire. Les deux écrivent torchmap_export.json : classes, bandes, statistiques sur les pixels valides, SCR, taille de cellule et position source de chaque extrait.

Un dossier existant est refusé, sauf si Écraser (remplace un export précédent) ou Ajouter (y ajoute des extraits, numérotés à partir de l'indice de départ) est activé.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="314" />
      <source>Export Training Data</source>
      <translation>Exporter des données d'entraînement</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/export.py" line="317" />
      <source>Number of chips</source>
      <translation>Nombre d'extraits</translation>
    </message>
  </context>
  <context>
    <name>MetricChart</name>
    <message>
      <location filename="../plugin/metric_chart.py" line="63" />
      <source>Waiting for the first epoch…</source>
      <translation>En attente de la première époque…</translation>
    </message>
    <message>
      <location filename="../plugin/metric_chart.py" line="105" />
      <source>epoch</source>
      <translation>époque</translation>
    </message>
    <message>
      <location filename="../plugin/metric_chart.py" line="133" />
      <source>training loss</source>
      <translation>perte d'entraînement</translation>
    </message>
    <message>
      <location filename="../plugin/metric_chart.py" line="133" />
      <source>validation loss</source>
      <translation>perte de validation</translation>
    </message>
  </context>
  <context>
    <name>Models</name>
    <message>
      <location filename="../processing_provider/provider.py" line="72" />
      <source>Land cover workflow</source>
      <translation>Chaîne d'occupation du sol</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="73" />
      <source>Workflows</source>
      <translation>Chaînes de traitement</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="74" />
      <source>Image raster</source>
      <translation>Raster image</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="75" />
      <source>Class raster (1..n, 0 = unlabelled)</source>
      <translation>Raster de classes (1..n, 0 = non étiqueté)</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="76" />
      <source>Tile size (pixels)</source>
      <translation>Taille des tuiles (pixels)</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="77" />
      <source>Stride (pixels)</source>
      <translation>Pas (pixels)</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="78" />
      <source>Epochs</source>
      <translation>Époques</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="79" />
      <source>Batch size</source>
      <translation>Taille de lot</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="80" />
      <source>Model package</source>
      <translation>Paquet de modèle</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="81" />
      <source>Land cover</source>
      <translation>Occupation du sol</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="82" />
      <source>The land-cover workflow in one run: cuts the image and its class raster into training chips (Export Training Data), trains a U-Net on them (Train Deep Learning Model) and classifies every pixel of the image with it (Classify Pixels). Outputs: the model package (.tmpk) and the classified land-cover raster, styled with the classes' colours and names. See the README section 'A graphical model: the land-cover workflow'.</source>
      <translation>La chaîne d'occupation du sol en une exécution : découpe l'image et son raster de classes en extraits d'entraînement (Exporter des données d'entraînement), entraîne un U-Net dessus (Entraîner un modèle d'apprentissage profond) et classe chaque pixel de l'image avec lui (Classer des pixels). Sorties : le paquet de modèle (.tmpk) et le raster d'occupation du sol classé, stylé avec les couleurs et les noms des classes. Voir la section du README « A graphical model: the land-cover workflow ».</translation>
    </message>
  </context>
  <context>
    <name>Options</name>
    <message>
      <location filename="../processing_provider/options.py" line="16" />
      <source>Automatic</source>
      <translation>Automatique</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="17" />
      <source>CPU</source>
      <translation>Processeur (CPU)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="18" />
      <source>CUDA GPU</source>
      <translation>GPU CUDA</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="19" />
      <source>Apple GPU (MPS)</source>
      <translation>GPU Apple (MPS)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="20" />
      <source>Full (float32)</source>
      <translation>Complète (float32)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="21" />
      <source>Half (bfloat16)</source>
      <translation>Demi (bfloat16)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="22" />
      <source>Half (float16, CUDA only)</source>
      <translation>Demi (float16, CUDA seulement)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="23" />
      <source>None</source>
      <translation>Aucune</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="24" />
      <source>Flips (3 passes)</source>
      <translation>Retournements (3 passages)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="25" />
      <source>All 8 rotations and flips (8 passes)</source>
      <translation>Les 8 rotations et retournements (8 passages)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="26" />
      <source>Fixed size around the centre</source>
      <translation>Taille fixe autour du centre</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="27" />
      <source>Bounding box (plus buffer)</source>
      <translation>Emprise (plus tampon)</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="28" />
      <source>Mean IoU</source>
      <translation>IoU moyen</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="29" />
      <source>Overall accuracy</source>
      <translation>Précision globale</translation>
    </message>
    <message>
      <location filename="../processing_provider/options.py" line="30" />
      <source>Validation loss</source>
      <translation>Perte de validation</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="35" />
      <source>Device</source>
      <translation>Périphérique</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="49" />
      <source>Precision</source>
      <translation>Précision</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="63" />
      <source>Test-time augmentation</source>
      <translation>Augmentation à l'inférence</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="77" />
      <source>Metric that picks the best epoch</source>
      <translation>Métrique qui choisit la meilleure époque</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="93" />
      <source>Crop mode (chips from features)</source>
      <translation>Mode de découpe (extraits d'entités)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="109" />
      <source>Buffer around bounding boxes (% of their size, each side)</source>
      <translation>Tampon autour des emprises (% de leur taille, de chaque côté)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="124" />
      <source>Blacken around feature</source>
      <translation>Noircir autour de l'entité</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="136" />
      <source>Batch size</source>
      <translation>Taille de lot</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="149" />
      <source>Processing extent</source>
      <translation>Emprise de traitement</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="162" />
      <source>Mask layer (nothing is processed outside its polygons)</source>
      <translation>Couche de masque (rien n'est traité hors de ses polygones)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="177" />
      <source>Bands (in order, e.g. 4,3,2)</source>
      <translation>Bandes (dans l'ordre, p. ex. 4,3,2)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/shared.py" line="191" />
      <source>Processes (torchrun on this machine)</source>
      <translation>Processus (torchrun sur cette machine)</translation>
    </message>
  </context>
  <context>
    <name>Styling</name>
    <message>
      <location filename="../processing_provider/styling.py" line="109" />
      <source>the disk is full</source>
      <translation>le disque est plein</translation>
    </message>
    <message>
      <location filename="../processing_provider/styling.py" line="111" />
      <source>it was written incomplete</source>
      <translation>il a été écrit incomplet</translation>
    </message>
    <message>
      <location filename="../processing_provider/styling.py" line="113" />
      <source>could not write {}: {}</source>
      <translation>impossible d'écrire {} : {}</translation>
    </message>
    <message>
      <location filename="../processing_provider/styling.py" line="133" />
      <source>{} could not be opened to save its style</source>
      <translation>{} n'a pas pu être ouvert pour enregistrer son style</translation>
    </message>
  </context>
  <context>
    <name>StylingPanel</name>
    <message>
      <location filename="../plugin/styling_panel.py" line="52" />
      <source>Model package (.tmpk)</source>
      <translation>Paquet de modèle (.tmpk)</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="52" />
      <source>The raster's own colour table</source>
      <translation>La table de couleurs du raster</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="55" />
      <source>TorchMap model package (*.tmpk)</source>
      <translation>Paquet de modèle TorchMap (*.tmpk)</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="56" />
      <source>Load classes</source>
      <translation>Charger les classes</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="58" />
      <source>Value</source>
      <translation>Valeur</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="58" />
      <source>Colour</source>
      <translation>Couleur</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="58" />
      <source>Name</source>
      <translation>Nom</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="60" />
      <source>Apply</source>
      <translation>Appliquer</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="61" />
      <source>Save as default style</source>
      <translation>Enregistrer comme style par défaut</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="66" />
      <source>Layer:</source>
      <translation>Couche :</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="67" />
      <source>Class field (vector):</source>
      <translation>Champ de classe (vecteur) :</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="68" />
      <source>Classes from:</source>
      <translation>Classes depuis :</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="69" />
      <source>Model package:</source>
      <translation>Paquet de modèle :</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="102" />
      <source>Could not read the classes: {}</source>
      <translation>Impossible de lire les classes : {}</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="105" />
      <source>{} classes loaded.</source>
      <translation>{} classes chargées.</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="113" />
      <source>choose a raster layer to read its colour table</source>
      <translation>choisissez une couche raster pour lire sa table de couleurs</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="143" />
      <source>Choose a layer and load its classes first.</source>
      <translation>Choisissez d'abord une couche et chargez ses classes.</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="146" />
      <source>Styled {}.</source>
      <translation>Style appliqué à {}.</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="156" />
      <source>The style was not saved: {}</source>
      <translation>Le style n'a pas été enregistré : {}</translation>
    </message>
    <message>
      <location filename="../plugin/styling_panel.py" line="158" />
      <source>Saved as the default style of {}.</source>
      <translation>Enregistré comme style par défaut de {}.</translation>
    </message>
  </context>
  <context>
    <name>TorchMapAlgorithm</name>
    <message>
      <location filename="../processing_provider/base.py" line="41" />
      <source>Training</source>
      <translation>Entraînement</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="42" />
      <source>Inference</source>
      <translation>Inférence</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="103" />
      <source>Running in {} processes (torchrun).</source>
      <translation>Exécution dans {} processus (torchrun).</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="156" />
      <source>Parameters</source>
      <translation>Paramètres</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="157" />
      <source>More in the README: {}</source>
      <translation>Plus de détails dans le README : {}</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="188" />
      <source>TorchMap needs the Python packages {} in QGIS's Python. Install them with: {}</source>
      <translation>TorchMap a besoin des paquets Python {} dans le Python de QGIS. Installez-les avec : {}</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="225" />
      <source>Cancelled; no output was written.</source>
      <translation>Annulé ; aucune sortie n'a été écrite.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="248" />
      <source>Ran out of memory; use a smaller batch size (or tile size), or close other programs.</source>
      <translation>Mémoire insuffisante ; utilisez une taille de lot (ou de tuile) plus petite, ou fermez d'autres programmes.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="256" />
      <source>TorchMap failed unexpectedly ({}: {}). Please report it at {}.</source>
      <translation>TorchMap a échoué de façon inattendue ({} : {}). Merci de le signaler sur {}.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="276" />
      <source>the raster layer could not be loaded.</source>
      <translation>la couche raster n'a pas pu être chargée.</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="311" />
      <source>{} cannot be read ({}); save it as a GeoTIFF first (Raster &gt; Conversion &gt; Translate).</source>
      <translation>{} ne peut pas être lu ({}) ; enregistrez-le d'abord en GeoTIFF (Raster &gt; Conversion &gt; Traduire).</translation>
    </message>
    <message>
      <location filename="../processing_provider/parameters.py" line="224" />
      <source>the layer could not be loaded.</source>
      <translation>la couche n'a pas pu être chargée.</translation>
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
      <translation>Entraînement</translation>
    </message>
    <message>
      <location filename="../plugin/dock.py" line="24" />
      <source>Styling</source>
      <translation>Style</translation>
    </message>
    <message>
      <location filename="../plugin/dock.py" line="25" />
      <source>Dependencies</source>
      <translation>Dépendances</translation>
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
      <translation>Entraînements, style des classes et dépendances</translation>
    </message>
  </context>
  <context>
    <name>TorchMapProvider</name>
    <message>
      <location filename="../processing_provider/provider.py" line="47" />
      <source>TorchMap: deep learning for imagery (PyTorch)</source>
      <translation>TorchMap : apprentissage profond pour l'imagerie (PyTorch)</translation>
    </message>
  </context>
  <context>
    <name>TrainDeepLearningModelAlgorithm</name>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="24" />
      <source>{} (pixel classification)</source>
      <translation>{} (classification de pixels)</translation>
    </message>
    <message>
      <location filename="../processing_provider/train_deep_learning_model.py" line="25" />
      <source>{} (image classification)</source>
      <translation>{} (classification d'images)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="29" />
      <source>TorchMap model package (*.tmpk)</source>
      <translation>Paquet de modèle TorchMap (*.tmpk)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="50" />
      <source>Training data folder</source>
      <translation>Dossier des données d'entraînement</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="51" />
      <source>The training data folder (an export, or class sub-folders).</source>
      <translation>Le dossier des données d'entraînement (un export, ou des sous-dossiers par classe).</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="57" />
      <source>More training data folders (separated by ;)</source>
      <translation>Autres dossiers de données d'entraînement (séparés par ;)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="58" />
      <source>More folders of the same bands and classes to train on.</source>
      <translation>D'autres dossiers avec les mêmes bandes et classes sur lesquels entraîner.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="64" />
      <source>Model type</source>
      <translation>Type de modèle</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="65" />
      <source>The network, and with it the task: pixel or image classification.</source>
      <translation>Le réseau, et avec lui la tâche : classification de pixels ou d'images.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="73" />
      <source>Backbone (empty: the model type's default, e.g. resnet34)</source>
      <translation>Réseau de base (vide : celui du type de modèle, p. ex. resnet34)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="74" />
      <source>The encoder network, e.g. resnet18 or resnet34; empty: the model type's default.</source>
      <translation>Le réseau encodeur, p. ex. resnet18 ou resnet34 ; vide : celui du type de modèle.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="81" />
      <source>Pretrained weights</source>
      <translation>Poids pré-entraînés</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="82" />
      <source>Start from ImageNet weights (from the local weight cache) or from scratch.</source>
      <translation>Partir des poids ImageNet (du cache local des poids) ou de zéro.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="87" />
      <source>None (from scratch)</source>
      <translation>Aucun (depuis zéro)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="87" />
      <source>ImageNet (weight cache)</source>
      <translation>ImageNet (cache des poids)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="92" />
      <source>Epochs (maximum; empty: 10, or as many as the time allows)</source>
      <translation>Époques (maximum ; vide : 10, ou autant que le temps le permet)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="93" />
      <source>Passes over the training chips (at most; early stopping may end sooner). Empty: 10, or with a maximum training time as many as fit in it.</source>
      <translation>Passages sur les extraits d'entraînement (au plus ; l'arrêt anticipé peut finir plus tôt). Vide : 10, ou avec une durée maximale d'entraînement autant qu'il en tient.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="102" />
      <source>Chips per training step; lower it if memory runs out.</source>
      <translation>Extraits par pas d'entraînement ; réduisez-le si la mémoire manque.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="110" />
      <source>Learning rate (empty or 0: find it)</source>
      <translation>Taux d'apprentissage (vide ou 0 : le trouver)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="111" />
      <source>Step size of the optimiser; empty or 0 runs the learning rate finder.</source>
      <translation>Pas de l'optimiseur ; vide ou 0 lance la recherche du taux d'apprentissage.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="119" />
      <source>Validation chips (%)</source>
      <translation>Extraits de validation (%)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="120" />
      <source>Share of the chips held back to measure the model.</source>
      <translation>Part des extraits mise de côté pour mesurer le modèle.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="131" />
      <source>Maximum training time (minutes, 0: no limit)</source>
      <translation>Durée maximale d'entraînement (minutes, 0 : sans limite)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="132" />
      <source>Stop after this many minutes and keep the best epoch; 0: no limit.</source>
      <translation>Arrêter après ce nombre de minutes et garder la meilleure époque ; 0 : sans limite.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="142" />
      <source>Local pretrained weights file (.pth)</source>
      <translation>Fichier local de poids pré-entraînés (.pth)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="143" />
      <source>A local weights file to start the backbone from.</source>
      <translation>Un fichier local de poids d'où faire partir le réseau de base.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="151" />
      <source>Training window (px, 0: half the chip)</source>
      <translation>Fenêtre d'entraînement (px, 0 : la moitié de la tuile)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="152" />
      <source>Pixel classification: every epoch trains on a fresh random window of this size from each chip (a multiple of 32), placed over labelled pixels; 0: half the chip's side (at least 32); the chip's size or more: whole chips.</source>
      <translation>Classification de pixels : à chaque époque, une nouvelle fenêtre aléatoire de cette taille est tirée de chaque tuile (un multiple de 32), placée sur des pixels étiquetés ; 0 : la moitié du côté de la tuile (au moins 32) ; la taille de la tuile ou plus : tuiles entières.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="165" />
      <source>Refit on every chip for the package</source>
      <translation>Réentraîner sur toutes les tuiles pour le paquet</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="166" />
      <source>After the validated run has chosen the schedule, train once more on all chips (validation chips included) and save those weights; the metrics stay the validated run's. Auto: on for sets of up to 300 chips, where holding chips back costs most.</source>
      <translation>Une fois que l'entraînement validé a choisi le programme, entraîner encore une fois sur toutes les tuiles (tuiles de validation comprises) et enregistrer ces poids ; les métriques restent celles de l'entraînement validé. Auto : activé pour les jeux d'au plus 300 tuiles, où mettre des tuiles de côté coûte le plus.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="176" />
      <source>Auto (small sets)</source>
      <translation>Auto (petits jeux)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="176" />
      <source>On</source>
      <translation>Activé</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="176" />
      <source>Off</source>
      <translation>Désactivé</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="181" />
      <source>Early stopping patience (epochs, 0: off)</source>
      <translation>Patience de l'arrêt anticipé (époques, 0 : désactivé)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="182" />
      <source>Stop when the monitored metric has not improved for this many epochs; 0: never.</source>
      <translation>Arrêter quand la métrique suivie ne s'est pas améliorée pendant ce nombre d'époques ; 0 : jamais.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="188" />
      <source>The validation metric that decides the best epoch.</source>
      <translation>La métrique de validation qui désigne la meilleure époque.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="192" />
      <source>Epochs with the backbone frozen</source>
      <translation>Époques avec le réseau de base gelé</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="193" />
      <source>First epochs that train only the head, keeping pretrained backbone weights.</source>
      <translation>Premières époques qui n'entraînent que la tête, en gardant les poids pré-entraînés du réseau de base.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="202" />
      <source>Fine-tune from model package</source>
      <translation>Affiner à partir d'un paquet de modèle</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="203" />
      <source>Continue training (fine-tune) a model package of the same classes.</source>
      <translation>Poursuivre l'entraînement (affiner) d'un paquet de modèle des mêmes classes.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="212" />
      <source>Random seed</source>
      <translation>Graine aléatoire</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="213" />
      <source>Makes the split and the training repeatable.</source>
      <translation>Rend le partage des données et l'entraînement reproductibles.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="219" />
      <source>Where to train: auto picks a CUDA GPU (or Apple MPS) when available, else the CPU.</source>
      <translation>Où entraîner : auto choisit un GPU CUDA (ou Apple MPS) s'il y en a un, sinon le CPU.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="224" />
      <source>Number format of the computation; bf16 or fp16 is faster on recent hardware.</source>
      <translation>Format numérique du calcul ; bf16 ou fp16 est plus rapide sur du matériel récent.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="227" />
      <source>Above 1, the model trains in that many processes at once (PyTorch's torchrun: one GPU each, or the CPU cores shared), as one run; see the README's Scaling out.</source>
      <translation>Au-delà de 1, le modèle s'entraîne dans autant de processus à la fois (torchrun de PyTorch : un GPU chacun, ou les cœurs du CPU partagés), en une seule exécution ; voir « Scaling out » dans le README.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="235" />
      <source>Output model package</source>
      <translation>Paquet de modèle en sortie</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="236" />
      <source>Where the model package (.tmpk) is saved; the report goes beside it. By default a new file in the TorchMap/models folder of your home folder, kept after QGIS closes.</source>
      <translation>Où le paquet de modèle (.tmpk) est enregistré ; le rapport va à côté. Par défaut un nouveau fichier dans le dossier TorchMap/models de votre dossier personnel, conservé après la fermeture de QGIS.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="247" />
      <source>Trains a deep learning model on the CPU or a GPU and saves it as one TorchMap model package (.tmpk), with an HTML report beside it.

Pixel classification (U-Net, U-Net++, DeepLabV3+, FPN, PSPNet, LinkNet, MA-Net, PAN, UPerNet, SegFormer; any segmentation-models-pytorch encoder as backbone): training data written by Export Training Data or ArcGIS (Classified Tiles). Image classification (ResNet, EfficientNet, MobileNetV3, ConvNeXt): a folder with one sub-folder of images per class, or an ArcGIS Labeled Tiles / ImageNet export; use the model with Classify Objects.

The default recipe: AdamW with a one-cycle schedule, class-weighted cross-entropy plus Dice for pixels, oversampling of rare classes for images, flips and quarter turns, bf16 on CUDA GPUs (PRECISION=bf16 on CPUs with native bf16). Leave the learning rate empty to let the learning rate finder pick it. Maximum time (minutes) fits the schedule to a time budget. VALIDATION_PCT percent of the chips are held back (spatially apart from the training chips); the package keeps the best epoch. Cancel stops within one batch and writes nothing; Stop in the TorchMap dock ends the run early and saves the best model so far.</source>
      <translation>Entraîne un modèle d'apprentissage profond sur le CPU ou un GPU et l'enregistre comme un seul paquet de modèle TorchMap (.tmpk), avec un rapport HTML à côté.

Classification de pixels (U-Net, U-Net++, DeepLabV3+, FPN, PSPNet, LinkNet, MA-Net, PAN, UPerNet, SegFormer ; tout encodeur de segmentation-models-pytorch comme réseau de base) : données d'entraînement écrites par Exporter des données d'entraînement ou par ArcGIS (Classified Tiles). Classification d'images (ResNet, EfficientNet, MobileNetV3, ConvNeXt) : un dossier avec un sous-dossier d'images par classe, ou un export ArcGIS Labeled Tiles / ImageNet ; utilisez le modèle avec Classer des objets.

La recette par défaut : AdamW avec un programme one-cycle, entropie croisée pondérée par classe plus Dice pour les pixels, suréchantillonnage des classes rares pour les images, symétries et quarts de tour, bf16 sur les GPU CUDA (PRECISION=bf16 sur les CPU avec bf16 natif). Laissez le taux d'apprentissage vide pour que la recherche du taux d'apprentissage le choisisse. La durée maximale (minutes) adapte le programme à un budget de temps. VALIDATION_PCT pour cent des extraits sont mis de côté (spatialement à l'écart des extraits d'entraînement) ; le paquet garde la meilleure époque. Annuler arrête en moins d'un lot et n'écrit rien ; Arrêter dans le panneau TorchMap termine l'entraînement plus tôt et enregistre le meilleur modèle obtenu.</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="318" />
      <source>Train Deep Learning Model</source>
      <translation>Entraîner un modèle d'apprentissage profond</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="322" />
      <source>Validation accuracy (0-1)</source>
      <translation>Exactitude de validation (0-1)</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="323" />
      <source>Validation mean IoU</source>
      <translation>IoU moyenne de validation</translation>
    </message>
    <message>
      <location filename="../engine/algorithms/train.py" line="324" />
      <source>Training report</source>
      <translation>Rapport d'entraînement</translation>
    </message>
  </context>
  <context>
    <name>TrainingPanel</name>
    <message>
      <location filename="../plugin/training_panel.py" line="61" />
      <source>Train…</source>
      <translation>Entraîner…</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="62" />
      <source>Stop</source>
      <translation>Arrêter</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="64" />
      <source>Finish the run now and save the best model so far as a valid package.</source>
      <translation>Terminer l'entraînement maintenant et enregistrer le meilleur modèle obtenu comme paquet valide.</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="66" />
      <source>Open report</source>
      <translation>Ouvrir le rapport</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="67" />
      <source>Add legend to map</source>
      <translation>Ajouter la légende à la carte</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="74" />
      <source>Status:</source>
      <translation>État :</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="75" />
      <source>Epoch:</source>
      <translation>Époque :</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="76" />
      <source>Batch:</source>
      <translation>Lot :</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="77" />
      <source>Time:</source>
      <translation>Temps :</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="78" />
      <source>Device:</source>
      <translation>Périphérique :</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="79" />
      <source>Best so far:</source>
      <translation>Meilleur jusqu'ici :</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="86" />
      <source>Training runs of this session:</source>
      <translation>Entraînements de cette session :</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="139" />
      <source>{} of {}</source>
      <translation>{} sur {}</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="144" />
      <source>{} elapsed, {} left</source>
      <translation>{} écoulé, {} restant</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="150" />
      <source>{} {:.4f} (epoch {})</source>
      <translation>{} {:.4f} (époque {})</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="165" />
      <source>running</source>
      <translation>en cours</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="166" />
      <source>completed</source>
      <translation>terminé</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="167" />
      <source>stopped early</source>
      <translation>arrêté plus tôt</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="168" />
      <source>cancelled</source>
      <translation>annulé</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="169" />
      <source>failed</source>
      <translation>échoué</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="172" />
      <source>stopping…</source>
      <translation>arrêt en cours…</translation>
    </message>
    <message>
      <location filename="../plugin/training_panel.py" line="219" />
      <source>Classes of {}</source>
      <translation>Classes de {}</translation>
    </message>
  </context>
</TS>

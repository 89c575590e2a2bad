def ins(p, pairs):
    t=open(p).read()
    for old,new in pairs:
        assert old in t, (p, old)
        t=t.replace(old,new,1)
    open(p,'w').write(t)
L="console.log('TMARK', %r, performance.timeOrigin + performance.now());"
ins('src/worker/engine.worker.ts',[("tf.enableProdMode();", "tf.enableProdMode();\n"+L%'worker-start'),
 ("  const message = event.data;\n", "  const message = event.data;\n  "+L%('msg')+"\n"),
 ("          backendOptions.wasmPaths = paths;\n","          backendOptions.wasmPaths = paths;\n          "+L%'wasm-prefetched'+"\n")])
ins('src/worker/controller.ts',[("    await this.ensureBackend(config.backend);\n","    await this.ensureBackend(config.backend);\n    "+L%'backend'+"\n"),
 ("    this.deps.post({ type: 'configured', info });\n","    "+L%'configured'+"\n    this.deps.post({ type: 'configured', info });\n"),
 ("    const data = custom ? null : await this.data(config, notes);\n","    const data = custom ? null : await this.data(config, notes);\n    "+L%'data'+"\n"),
 ("    const hessian = await estimateHessian(network, batch);\n","    "+L%'experiment'+"\n    const hessian = await estimateHessian(network, batch);\n    "+L%'hessian'+"\n"),
 ("    this.postProgress();\n    if (this.playing) void this.loop();","    "+L%'metrics0'+"\n    this.postProgress();\n    if (this.playing) void this.loop();")])

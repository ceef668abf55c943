<CsoundSynthesizer>
<CsOptions>
-n -d -m0
</CsOptions>
<CsInstruments>
sr = 48000
ksmps = 64
nchnls = 2
0dbfs = 1

instr 1
  ifreq = 55 * (880/55)^(p4/31)
  asaw vco2 1, ifreq
  alp rbjeq asaw, 1500, 1, 4, 1, 0
  aout = alp * 0.03
  if (p4 % 2) == 0 then
    outs aout, a(0)
  else
    outs a(0), aout
  endif
endin
</CsInstruments>
<CsScore>
i 1 0 60 0
i 1 0 60 1
i 1 0 60 2
i 1 0 60 3
i 1 0 60 4
i 1 0 60 5
i 1 0 60 6
i 1 0 60 7
i 1 0 60 8
i 1 0 60 9
i 1 0 60 10
i 1 0 60 11
i 1 0 60 12
i 1 0 60 13
i 1 0 60 14
i 1 0 60 15
i 1 0 60 16
i 1 0 60 17
i 1 0 60 18
i 1 0 60 19
i 1 0 60 20
i 1 0 60 21
i 1 0 60 22
i 1 0 60 23
i 1 0 60 24
i 1 0 60 25
i 1 0 60 26
i 1 0 60 27
i 1 0 60 28
i 1 0 60 29
i 1 0 60 30
i 1 0 60 31
e
</CsScore>
</CsoundSynthesizer>

// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Vm} from "forge-std/Vm.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {DepositSecurityModule} from "../../src/hub/DepositSecurityModule.sol";
import {IDepositSecurityModule} from "../../src/shared/interfaces/IDepositSecurityModule.sol";
import {IDepositContract} from "../../src/shared/interfaces/IDepositContract.sol";
import {DepositDataRoot} from "../../src/shared/libraries/DepositDataRoot.sol";
import {HubFixture} from "./harness/HubFixture.sol";

/// @dev The DSM in front of the real pool, registry and deposit contract. Guardians here follow the
///      relayer's rule (apps/relayer/src/duties/guardian.ts): read the keys the next deposit would use
///      and refuse to sign if any of them already appears in a DepositEvent.
contract DepositSecurityModuleTest is HubFixture {
    DepositSecurityModule internal dsm;
    uint256[3] internal guardianKeys;
    /// @dev Guardian addresses, ascending (the order a deposit's signatures must follow).
    address[3] internal guardians;
    address internal staker = makeAddr("staker");
    address internal mallory;
    uint256 internal malloryId;
    bytes32 internal malloryCredentials = bytes32((uint256(1) << 248) | uint160(makeAddr("malloryWallet")));
    /// @dev Pubkeys seen in DepositEvents so far, the guardian's view of the deposit contract's logs.
    mapping(bytes32 pubkeyHash => bool) internal seenDeposit;
    /// @dev DepositEvents per pubkey that carried the pool's withdrawal credentials.
    mapping(bytes32 pubkeyHash => uint256) private _poolDeposits;

    uint256 internal constant MAX_DEPOSITS = 10;
    uint256 internal constant MIN_DISTANCE = 5;
    uint256 internal constant MAX_AGE = 20;
    uint256 internal constant PAUSE_VALIDITY = 10;

    function setUp() public {
        vm.recordLogs();
        _deployHub(1 ether, 0, 0);
        (address a, uint256 ka) = makeAddrAndKey("guardianA");
        (address b, uint256 kb) = makeAddrAndKey("guardianB");
        (address c, uint256 kc) = makeAddrAndKey("guardianC");
        _sortGuardians([a, b, c], [ka, kb, kc]);
        address[] memory list = new address[](3);
        for (uint256 i; i < 3; ++i) {
            list[i] = guardians[i];
        }
        dsm = new DepositSecurityModule(
            hubAdmin,
            trETH,
            depositContract,
            registry,
            list,
            2,
            DepositSecurityModule.Limits(MAX_DEPOSITS, MIN_DISTANCE, MAX_AGE, PAUSE_VALIDITY)
        );
        vm.startPrank(hubAdmin);
        trETH.grantRole(trETH.KEEPER_ROLE(), address(dsm));
        trETH.revokeRole(trETH.KEEPER_ROLE(), keeper);
        vm.stopPrank();

        malloryId = _addOperator("mallory", 20);
        mallory = makeAddr("mallory");
        vm.deal(staker, 1_000 ether);
        vm.prank(staker);
        trETH.depositETH{value: 640 ether}(staker, 0);
        vm.roll(block.number + 10);
    }

    // ------------------------------------------------------------------ deposits

    function test_depositBufferedEther_quorum_succeeds() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        uint256 buffered = trETH.bufferedEther();

        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.GuardedDeposit(1, blockNumber, root, nonce);
        vm.prank(keeper);
        uint256 deposited = dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, _quorumOf(sigs, 2));

        assertEq(deposited, 1);
        assertEq(trETH.bufferedEther(), buffered - 32 ether);
        assertEq(dsm.lastDepositBlock(), block.number);
        assertTrue(depositContract.get_deposit_root() != root, "root unchanged by a deposit");
    }

    function test_depositBufferedEther_anyCaller_succeeds() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        vm.prank(makeAddr("anyone"));
        assertEq(dsm.depositBufferedEther(2, blockNumber, blockHash, root, nonce, sigs), 2);
    }

    function test_depositBufferedEther_keeperDirect_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, keeper, trETH.KEEPER_ROLE()
            )
        );
        vm.prank(keeper);
        trETH.depositBufferedEther(1);
    }

    function test_depositBufferedEther_noSignatures_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        vm.expectRevert(abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_NoQuorum.selector, 0, 2));
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, new IDepositSecurityModule.Signature[](0));
    }

    function test_depositBufferedEther_belowQuorum_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        vm.expectRevert(abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_NoQuorum.selector, 1, 2));
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, _quorumOf(sigs, 1));
    }

    /// @dev Someone deposited between the guardians' check and the keeper's call: the front-run itself.
    function test_depositBufferedEther_staleRoot_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        _frontRun(_nextPubkey());
        bytes32 current = depositContract.get_deposit_root();
        vm.expectRevert(
            abi.encodeWithSelector(
                IDepositSecurityModule.DepositSecurityModule_DepositRootChanged.selector, root, current
            )
        );
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
    }

    function test_depositBufferedEther_wrongNonce_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        // A new key changes what the next deposit might use: the guardians' check no longer holds.
        (bytes memory pubkeys, bytes memory signatures) = _keys(malloryId, 20, 1);
        vm.prank(mallory);
        registry.addSigningKeys(malloryId, 1, pubkeys, signatures);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDepositSecurityModule.DepositSecurityModule_KeysNonceChanged.selector, nonce, nonce + 1
            )
        );
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
    }

    function test_depositBufferedEther_staleBlock_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        vm.roll(block.number + MAX_AGE);
        vm.setBlockhash(blockNumber, blockHash);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDepositSecurityModule.DepositSecurityModule_StaleBlock.selector, blockNumber, MAX_AGE
            )
        );
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
    }

    function test_depositBufferedEther_wrongBlockHash_reverts() public {
        (uint256 blockNumber,, bytes32 root, uint256 nonce) = _current();
        bytes32 fake = keccak256("not a block");
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, fake, root, nonce);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDepositSecurityModule.DepositSecurityModule_UnknownBlockHash.selector, blockNumber, fake
            )
        );
        dsm.depositBufferedEther(1, blockNumber, fake, root, nonce, sigs);
    }

    function test_depositBufferedEther_duplicateSigner_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        sigs[1] = sigs[0];
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_SignersNotSorted.selector, 1)
        );
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, _quorumOf(sigs, 2));
    }

    function test_depositBufferedEther_unsortedSigners_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        (sigs[0], sigs[1]) = (sigs[1], sigs[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_SignersNotSorted.selector, 1)
        );
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, _quorumOf(sigs, 2));
    }

    function test_depositBufferedEther_nonGuardianSigner_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        (address outsider, uint256 outsiderKey) = makeAddrAndKey("outsider");
        uint256[] memory keys = new uint256[](2);
        (keys[0], keys[1]) = outsider < guardians[0] ? (outsiderKey, guardianKeys[0]) : (guardianKeys[0], outsiderKey);
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(keys, blockNumber, blockHash, root, nonce);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_NotGuardian.selector, outsider)
        );
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
    }

    function test_depositBufferedEther_malformedSignature_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        sigs[0].r = bytes32(0);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_InvalidSignature.selector, 0)
        );
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
    }

    function test_depositBufferedEther_tooManyValidators_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDepositSecurityModule.DepositSecurityModule_TooManyValidators.selector, MAX_DEPOSITS + 1, MAX_DEPOSITS
            )
        );
        dsm.depositBufferedEther(MAX_DEPOSITS + 1, blockNumber, blockHash, root, nonce, sigs);
    }

    function test_depositBufferedEther_tooSoon_reverts() public {
        _guardedDeposit(1);
        vm.roll(block.number + MIN_DISTANCE - 1);
        assertFalse(dsm.canDeposit());
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDepositSecurityModule.DepositSecurityModule_TooSoon.selector, dsm.lastDepositBlock(), MIN_DISTANCE
            )
        );
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
        vm.roll(block.number + 1);
        assertTrue(dsm.canDeposit());
    }

    /// @dev Signatures are bound to one deposit: once it lands, the root moved and they are void.
    function test_depositBufferedEther_replay_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
        vm.roll(block.number + MIN_DISTANCE);
        vm.expectPartialRevert(IDepositSecurityModule.DepositSecurityModule_DepositRootChanged.selector);
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
    }

    function test_depositBufferedEther_paused_reverts() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        vm.prank(guardians[2]);
        dsm.pauseDeposits();
        vm.expectRevert(IDepositSecurityModule.DepositSecurityModule_DepositsPaused.selector);
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
    }

    /// @dev The whole attack in one EVM: the operator whose keys come next deposits 1 ETH for the
    ///      first of them with its own credentials. Guardians see it and refuse to sign; one pauses.
    ///      No route sends the pool's 32 ETH to that key.
    function test_depositBufferedEther_operatorFrontRun_reverts() public {
        // Before the attack, guarded deposits work.
        _guardedDeposit(1);
        vm.roll(block.number + MIN_DISTANCE);
        (uint256 earlyBlock, bytes32 earlyHash, bytes32 earlyRoot, uint256 earlyNonce) = _current();
        // Signatures a guardian quorum gave just before the operator moved.
        IDepositSecurityModule.Signature[] memory early =
            _signDeposit(_all(), earlyBlock, earlyHash, earlyRoot, earlyNonce);

        bytes memory target = _nextPubkey();
        _frontRun(target);
        uint256 buffered = trETH.bufferedEther();
        vm.roll(block.number + 1);

        // The guardians see the existing deposit and refuse to sign; the first to see it pauses.
        assertFalse(_guardianWouldSign(), "a guardian signed over a front-run key");
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.DepositsPaused(guardians[0]);
        vm.prank(guardians[0]);
        dsm.pauseDeposits();

        // Keeper attempts: no signatures, the early ones, and fresh ones the guardians would not give.
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        vm.startPrank(keeper);
        vm.expectRevert(IDepositSecurityModule.DepositSecurityModule_DepositsPaused.selector);
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, new IDepositSecurityModule.Signature[](0));
        vm.expectRevert(IDepositSecurityModule.DepositSecurityModule_DepositsPaused.selector);
        dsm.depositBufferedEther(1, earlyBlock, earlyHash, earlyRoot, earlyNonce, early);
        vm.expectPartialRevert(IAccessControl.AccessControlUnauthorizedAccount.selector);
        trETH.depositBufferedEther(1);
        vm.stopPrank();
        // Even after an unpause, the pre-attack signatures are void (the front-run moved the root),
        // and the guardians still refuse while the front-run key is next in line.
        vm.prank(hubAdmin);
        dsm.unpauseDeposits();
        vm.expectRevert(
            abi.encodeWithSelector(
                IDepositSecurityModule.DepositSecurityModule_DepositRootChanged.selector, earlyRoot, root
            )
        );
        vm.prank(keeper);
        dsm.depositBufferedEther(1, earlyBlock, earlyHash, earlyRoot, earlyNonce, early);
        assertFalse(_guardianWouldSign(), "a guardian signed over a front-run key after the unpause");

        assertEq(trETH.bufferedEther(), buffered, "pool ETH left the buffer");
        _ingestDepositLogs();
        assertEq(_poolDepositsFor(target), 0, "the pool deposited to the front-run key");
    }

    // ------------------------------------------------------------------ pause

    function test_pauseDeposits_oneGuardian_succeeds() public {
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.DepositsPaused(guardians[1]);
        vm.prank(guardians[1]);
        dsm.pauseDeposits();
        assertTrue(dsm.paused());
        assertFalse(dsm.canDeposit());
        // A second guardian pausing the same front-run does not revert.
        vm.prank(guardians[2]);
        dsm.pauseDeposits();
        assertTrue(dsm.paused());
    }

    function test_pauseDeposits_nonGuardian_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_NotGuardian.selector, mallory)
        );
        vm.prank(mallory);
        dsm.pauseDeposits();
    }

    function test_pauseDepositsWithSignature_relayed_succeeds() public {
        uint256 blockNumber = block.number - 1;
        IDepositSecurityModule.Signature memory sig = _sign(guardianKeys[1], dsm.pauseMessageHash(blockNumber));
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.DepositsPaused(guardians[1]);
        vm.prank(makeAddr("relayer"));
        dsm.pauseDepositsWithSignature(blockNumber, sig);
        assertTrue(dsm.paused());
    }

    function test_pauseDepositsWithSignature_expired_reverts() public {
        uint256 blockNumber = block.number - 1;
        IDepositSecurityModule.Signature memory sig = _sign(guardianKeys[1], dsm.pauseMessageHash(blockNumber));
        vm.roll(block.number + PAUSE_VALIDITY);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDepositSecurityModule.DepositSecurityModule_PauseIntentExpired.selector, blockNumber, PAUSE_VALIDITY
            )
        );
        dsm.pauseDepositsWithSignature(blockNumber, sig);
    }

    function test_pauseDepositsWithSignature_nonGuardian_reverts() public {
        (address outsider, uint256 key) = makeAddrAndKey("outsider");
        IDepositSecurityModule.Signature memory sig = _sign(key, dsm.pauseMessageHash(block.number));
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_NotGuardian.selector, outsider)
        );
        dsm.pauseDepositsWithSignature(block.number, sig);
    }

    function test_unpauseDeposits_admin_succeeds() public {
        vm.prank(guardians[0]);
        dsm.pauseDeposits();
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.DepositsUnpaused(hubAdmin);
        vm.prank(hubAdmin);
        dsm.unpauseDeposits();
        assertFalse(dsm.paused());
        _guardedDeposit(1);
    }

    function test_unpauseDeposits_guardianOrNotPaused_reverts() public {
        vm.prank(guardians[0]);
        dsm.pauseDeposits();
        vm.expectPartialRevert(IAccessControl.AccessControlUnauthorizedAccount.selector);
        vm.prank(guardians[0]);
        dsm.unpauseDeposits();
        vm.startPrank(hubAdmin);
        dsm.unpauseDeposits();
        vm.expectRevert(IDepositSecurityModule.DepositSecurityModule_NotPaused.selector);
        dsm.unpauseDeposits();
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ admin

    function test_addGuardian_admin_succeeds() public {
        address next = makeAddr("guardianD");
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.GuardianAdded(next);
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.GuardianQuorumChanged(3);
        vm.prank(hubAdmin);
        dsm.addGuardian(next, 3);
        assertTrue(dsm.isGuardian(next));
        assertEq(dsm.getGuardians().length, 4);
        assertEq(dsm.quorum(), 3);
    }

    function test_addGuardian_invalid_reverts() public {
        vm.startPrank(hubAdmin);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDepositSecurityModule.DepositSecurityModule_DuplicateGuardian.selector, guardians[0]
            )
        );
        dsm.addGuardian(guardians[0], 2);
        vm.expectRevert(IDepositSecurityModule.DepositSecurityModule_ZeroAddress.selector);
        dsm.addGuardian(address(0), 2);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_InvalidQuorum.selector, 5, 4)
        );
        dsm.addGuardian(makeAddr("guardianD"), 5);
        vm.stopPrank();
        vm.expectPartialRevert(IAccessControl.AccessControlUnauthorizedAccount.selector);
        vm.prank(mallory);
        dsm.addGuardian(mallory, 1);
    }

    function test_removeGuardian_admin_succeeds() public {
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.GuardianRemoved(guardians[0]);
        vm.prank(hubAdmin);
        dsm.removeGuardian(guardians[0], 2);
        assertFalse(dsm.isGuardian(guardians[0]));
        assertEq(dsm.getGuardians().length, 2);
        // The removed guardian's signature no longer counts.
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs = _signDeposit(_all(), blockNumber, blockHash, root, nonce);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_NotGuardian.selector, guardians[0])
        );
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
    }

    function test_removeGuardian_invalid_reverts() public {
        vm.startPrank(hubAdmin);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_NotGuardian.selector, mallory)
        );
        dsm.removeGuardian(mallory, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_InvalidQuorum.selector, 3, 2)
        );
        dsm.removeGuardian(guardians[0], 3);
        vm.stopPrank();
    }

    function test_setGuardianQuorum_invalid_reverts() public {
        vm.startPrank(hubAdmin);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_InvalidQuorum.selector, 0, 3)
        );
        dsm.setGuardianQuorum(0);
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.GuardianQuorumChanged(3);
        dsm.setGuardianQuorum(3);
        vm.stopPrank();
        assertEq(dsm.quorum(), 3);
    }

    function test_setLimits_admin_succeeds() public {
        vm.startPrank(hubAdmin);
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.MaxDepositsPerBlockChanged(4);
        dsm.setMaxDepositsPerBlock(4);
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.MinDepositBlockDistanceChanged(7);
        dsm.setMinDepositBlockDistance(7);
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.MaxSignatureAgeChanged(256);
        dsm.setMaxSignatureAge(256);
        vm.expectEmit(address(dsm));
        emit IDepositSecurityModule.PauseIntentValidityPeriodChanged(3);
        dsm.setPauseIntentValidityPeriod(3);
        vm.stopPrank();
        assertEq(dsm.maxDepositsPerBlock(), 4);
        assertEq(dsm.minDepositBlockDistance(), 7);
        assertEq(dsm.maxSignatureAge(), 256);
        assertEq(dsm.pauseIntentValidityPeriod(), 3);
    }

    function test_setLimits_invalid_reverts() public {
        vm.startPrank(hubAdmin);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_InvalidMaxDeposits.selector, 0)
        );
        dsm.setMaxDepositsPerBlock(0);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_InvalidSignatureAge.selector, 257)
        );
        dsm.setMaxSignatureAge(257);
        vm.expectRevert(
            abi.encodeWithSelector(IDepositSecurityModule.DepositSecurityModule_InvalidSignatureAge.selector, 0)
        );
        dsm.setMaxSignatureAge(0);
        vm.stopPrank();
        vm.expectPartialRevert(IAccessControl.AccessControlUnauthorizedAccount.selector);
        vm.prank(mallory);
        dsm.setMinDepositBlockDistance(0);
    }

    // ------------------------------------------------------------------ gas

    function test_depositBufferedEther_gas_succeeds() public {
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        IDepositSecurityModule.Signature[] memory sigs =
            _quorumOf(_signDeposit(_all(), blockNumber, blockHash, root, nonce), 2);
        dsm.depositBufferedEther(1, blockNumber, blockHash, root, nonce, sigs);
        vm.snapshotGasLastCall("DepositSecurityModule", "depositBufferedEther_1");

        vm.roll(block.number + MIN_DISTANCE);
        (blockNumber, blockHash, root, nonce) = _current();
        sigs = _quorumOf(_signDeposit(_all(), blockNumber, blockHash, root, nonce), 2);
        assertEq(dsm.depositBufferedEther(MAX_DEPOSITS, blockNumber, blockHash, root, nonce, sigs), MAX_DEPOSITS);
        vm.snapshotGasLastCall("DepositSecurityModule", "depositBufferedEther_10");
    }

    // ------------------------------------------------------------------ helpers

    function _sortGuardians(address[3] memory addrs, uint256[3] memory keys) private {
        for (uint256 i; i < 3; ++i) {
            for (uint256 j = i + 1; j < 3; ++j) {
                if (addrs[j] < addrs[i]) {
                    (addrs[i], addrs[j]) = (addrs[j], addrs[i]);
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                }
            }
        }
        guardians = addrs;
        guardianKeys = keys;
    }

    /// @dev What a guardian signs: the previous block (its hash is known on chain), root and nonce now.
    function _current() private view returns (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) {
        blockNumber = block.number - 1;
        blockHash = blockhash(blockNumber);
        root = depositContract.get_deposit_root();
        nonce = registry.keysNonce();
    }

    function _all() private view returns (uint256[] memory keys) {
        keys = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            keys[i] = guardianKeys[i];
        }
    }

    function _sign(uint256 key, bytes32 digest) private pure returns (IDepositSecurityModule.Signature memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return IDepositSecurityModule.Signature(r, bytes32(uint256(s) | (uint256(v - 27) << 255)));
    }

    function _signDeposit(uint256[] memory keys, uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce)
        private
        view
        returns (IDepositSecurityModule.Signature[] memory sigs)
    {
        bytes32 digest = dsm.depositMessageHash(blockNumber, blockHash, root, nonce);
        sigs = new IDepositSecurityModule.Signature[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            sigs[i] = _sign(keys[i], digest);
        }
    }

    function _quorumOf(IDepositSecurityModule.Signature[] memory sigs, uint256 count)
        private
        pure
        returns (IDepositSecurityModule.Signature[] memory out)
    {
        out = new IDepositSecurityModule.Signature[](count);
        for (uint256 i; i < count; ++i) {
            out[i] = sigs[i];
        }
    }

    /// @dev A deposit the guardians approve (checking the rule first, as the relayer does).
    function _guardedDeposit(uint256 count) private {
        assertTrue(_guardianWouldSign(), "guardians refused a clean deposit");
        (uint256 blockNumber, bytes32 blockHash, bytes32 root, uint256 nonce) = _current();
        dsm.depositBufferedEther(
            count, blockNumber, blockHash, root, nonce, _signDeposit(_all(), blockNumber, blockHash, root, nonce)
        );
    }

    function _nextPubkey() private view returns (bytes memory) {
        return DepositDataRoot.slice(registry.nextKeys(1), 0, 48);
    }

    /// @dev The operator deposits 1 ETH for `pubkey` with withdrawal credentials it controls.
    function _frontRun(bytes memory pubkey) private {
        bytes memory signature = new bytes(96);
        bytes32 root = DepositDataRoot.compute(pubkey, malloryCredentials, signature, 1 gwei);
        vm.deal(mallory, 1 ether);
        vm.prank(mallory);
        depositContract.deposit{value: 1 ether}(pubkey, abi.encodePacked(malloryCredentials), signature, root);
    }

    /// @dev The guardian rule: sign only if none of the next `maxDepositsPerBlock` keys has a deposit.
    function _guardianWouldSign() private returns (bool) {
        _ingestDepositLogs();
        bytes memory pubkeys = registry.nextKeys(dsm.maxDepositsPerBlock());
        for (uint256 i; i < pubkeys.length / 48; ++i) {
            if (seenDeposit[keccak256(DepositDataRoot.slice(pubkeys, i * 48, 48))]) return false;
        }
        return true;
    }

    function _ingestDepositLogs() private {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 poolCredentials = trETH.withdrawalCredentials();
        for (uint256 i; i < logs.length; ++i) {
            if (
                logs[i].emitter != address(depositContract)
                    || logs[i].topics[0] != IDepositContract.DepositEvent.selector
            ) {
                continue;
            }
            (bytes memory pubkey, bytes memory credentials,,,) =
                abi.decode(logs[i].data, (bytes, bytes, bytes, bytes, bytes));
            seenDeposit[keccak256(pubkey)] = true;
            if (bytes32(credentials) == poolCredentials) ++_poolDeposits[keccak256(pubkey)];
        }
        vm.recordLogs();
    }

    function _poolDepositsFor(bytes memory pubkey) private view returns (uint256) {
        return _poolDeposits[keccak256(pubkey)];
    }
}

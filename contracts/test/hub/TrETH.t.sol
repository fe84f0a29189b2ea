// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {TrETH} from "../../src/hub/TrETH.sol";
import {ITrETH} from "../../src/shared/interfaces/ITrETH.sol";
import {GasMath} from "../utils/GasMath.sol";
import {PermitSigner} from "../utils/PermitSigner.sol";

contract TrETHTest is Test {
    /// @dev Product bar: a first hub ETH deposit, as a whole transaction.
    uint256 internal constant HUB_DEPOSIT_GAS_BAR = 60_000;

    /// @dev setUp leaves the pool at 107 ETH over 100 trETH: rate 1.07.
    uint256 internal constant SEED_DEPOSIT = 100 ether;
    uint256 internal constant SEED_REWARDS = 7 ether;

    TrETH internal trETH;
    address internal owner = makeAddr("owner");
    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");
    address internal attacker = makeAddr("attacker");

    function setUp() public {
        (alice, aliceKey) = makeAddrAndKey("alice");
        trETH = new TrETH(owner);
        vm.deal(owner, 1_000 ether);
        vm.deal(alice, 1_000 ether);
        vm.deal(bob, 1_000 ether);
        vm.deal(attacker, 1_000 ether);

        vm.startPrank(owner);
        trETH.depositETH{value: SEED_DEPOSIT}(owner, 0);
        trETH.distributeRewards{value: SEED_REWARDS}();
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_setsMetadata_succeeds() public {
        TrETH fresh = new TrETH(owner);
        assertEq(fresh.name(), "Tributary Staked ETH");
        assertEq(fresh.symbol(), "trETH");
        assertEq(fresh.decimals(), 18);
        assertEq(fresh.owner(), owner);
        assertEq(fresh.totalSupply(), 0);
        assertEq(fresh.totalPooledEther(), 0);
    }

    // ------------------------------------------------------------------ depositETH

    function test_depositETH_emptyPool_succeeds() public {
        TrETH fresh = new TrETH(owner);

        vm.expectEmit(address(fresh));
        emit IERC20.Transfer(address(0), bob, 2 ether);
        vm.expectEmit(address(fresh));
        emit ITrETH.Deposited(alice, bob, 2 ether, 2 ether);
        vm.prank(alice);
        uint256 shares = fresh.depositETH{value: 2 ether}(bob, 2 ether);

        assertEq(shares, 2 ether, "first deposit mints 1:1");
        assertEq(fresh.balanceOf(bob), 2 ether);
        assertEq(fresh.totalPooledEther(), 2 ether);
        assertEq(address(fresh).balance, 2 ether);
        assertEq(fresh.getRate(), 1e18);
    }

    function test_depositETH_nonEmptyPool_succeeds() public {
        uint256 expected = Math.mulDiv(10 ether, SEED_DEPOSIT, SEED_DEPOSIT + SEED_REWARDS);

        vm.expectEmit(address(trETH));
        emit ITrETH.Deposited(alice, bob, 10 ether, expected);
        vm.prank(alice);
        uint256 shares = trETH.depositETH{value: 10 ether}(bob, expected);

        assertEq(shares, expected);
        assertEq(trETH.balanceOf(bob), expected);
        assertEq(trETH.totalSupply(), SEED_DEPOSIT + expected);
        assertEq(trETH.totalPooledEther(), SEED_DEPOSIT + SEED_REWARDS + 10 ether);
    }

    /// @dev The measured call is the test's first touch of the token, so storage is cold, as in a
    ///      real transaction. minShares is computed without reading the token for the same reason.
    function test_depositETH_newUserNonEmptyPool_succeeds() public {
        uint256 minShares = Math.mulDiv(1 ether, SEED_DEPOSIT, SEED_DEPOSIT + SEED_REWARDS);

        vm.prank(alice);
        trETH.depositETH{value: 1 ether}(alice, minShares);
        uint256 used = vm.snapshotGasLastCall("TrETH", "depositETH_newUser");

        assertEq(trETH.balanceOf(alice), minShares);
        uint256 txGas = GasMath.txGas(used, abi.encodeCall(TrETH.depositETH, (alice, minShares)));
        assertLe(txGas, HUB_DEPOSIT_GAS_BAR, "first hub deposit over the gas bar");
    }

    function test_depositETH_zeroValue_reverts() public {
        vm.expectRevert(ITrETH.TrETH_ZeroDeposit.selector);
        vm.prank(alice);
        trETH.depositETH{value: 0}(alice, 0);
    }

    function test_depositETH_zeroReceiver_reverts() public {
        vm.expectRevert(ITrETH.TrETH_ZeroReceiver.selector);
        vm.prank(alice);
        trETH.depositETH{value: 1 ether}(address(0), 0);
    }

    function test_depositETH_belowMinShares_reverts() public {
        uint256 shares = trETH.previewDeposit(1 ether);
        vm.expectRevert(abi.encodeWithSelector(ITrETH.TrETH_InsufficientShares.selector, shares, shares + 1));
        vm.prank(alice);
        trETH.depositETH{value: 1 ether}(alice, shares + 1);
    }

    /// @dev The share-inflation shape: 1 wei of supply over a large pool. A deposit that would mint
    ///      nothing must revert, not hand the depositor's ETH to the existing holders.
    function test_depositETH_roundsToZeroShares_reverts() public {
        TrETH fresh = new TrETH(owner);
        vm.prank(attacker);
        fresh.depositETH{value: 1}(attacker, 0);
        vm.prank(owner);
        fresh.distributeRewards{value: 10 ether}();

        vm.expectRevert(abi.encodeWithSelector(ITrETH.TrETH_InsufficientShares.selector, 0, 0));
        vm.prank(alice);
        fresh.depositETH{value: 5 ether}(alice, 0);
    }

    // ------------------------------------------------------------------ distributeRewards

    function test_distributeRewards_raisesRate_succeeds() public {
        uint256 rateBefore = trETH.getRate();
        uint256 pooled = SEED_DEPOSIT + SEED_REWARDS + 3 ether;
        uint256 expectedRate = Math.mulDiv(pooled, 1e18, SEED_DEPOSIT);

        vm.expectEmit(address(trETH));
        emit ITrETH.RewardsDistributed(3 ether, pooled, expectedRate);
        vm.prank(owner);
        trETH.distributeRewards{value: 3 ether}();

        assertEq(trETH.getRate(), expectedRate);
        assertGt(expectedRate, rateBefore);
        assertEq(trETH.totalPooledEther(), pooled);
        assertEq(trETH.totalSupply(), SEED_DEPOSIT, "rewards mint no shares");
    }

    function test_distributeRewards_zeroValue_reverts() public {
        vm.expectRevert(ITrETH.TrETH_ZeroRewards.selector);
        vm.prank(owner);
        trETH.distributeRewards{value: 0}();
    }

    function test_distributeRewards_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        trETH.distributeRewards{value: 1 ether}();
    }

    /// @dev Ownable2Step: a proposed owner has no power until it accepts.
    function test_distributeRewards_pendingOwner_reverts() public {
        vm.prank(owner);
        trETH.transferOwnership(bob);

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, bob));
        vm.prank(bob);
        trETH.distributeRewards{value: 1 ether}();

        vm.prank(bob);
        trETH.acceptOwnership();
        vm.prank(bob);
        trETH.distributeRewards{value: 1 ether}();
        assertEq(trETH.owner(), bob);
    }

    // ------------------------------------------------------------------ views

    function test_previewDeposit_matchesDepositETH_succeeds() public {
        uint256 preview = trETH.previewDeposit(3.3 ether);
        vm.prank(alice);
        assertEq(trETH.depositETH{value: 3.3 ether}(alice, 0), preview);
    }

    function test_previewDeposit_emptyPool_succeeds() public {
        TrETH fresh = new TrETH(owner);
        assertEq(fresh.previewDeposit(5 ether), 5 ether);
    }

    function test_getRate_emptyPool_succeeds() public {
        assertEq(new TrETH(owner).getRate(), 1e18);
    }

    function test_getRate_nonEmptyPool_succeeds() public view {
        assertEq(trETH.getRate(), 1.07e18);
        assertEq(trETH.totalPooledEther(), SEED_DEPOSIT + SEED_REWARDS);
    }

    /// @dev Donation attack: ETH forced in (selfdestruct, coinbase) is not pooled ETH.
    function test_getRate_forcedEtherIgnored_succeeds() public {
        uint256 rate = trETH.getRate();
        uint256 preview = trETH.previewDeposit(1 ether);
        vm.deal(address(trETH), address(trETH).balance + 500 ether);

        assertEq(trETH.getRate(), rate);
        assertEq(trETH.previewDeposit(1 ether), preview);
    }

    function test_receive_plainTransfer_reverts() public {
        vm.prank(attacker);
        (bool ok,) = address(trETH).call{value: 1 ether}("");
        assertFalse(ok, "plain ETH must go through depositETH");
    }

    // ------------------------------------------------------------------ permit

    function test_permit_validSignature_succeeds() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) =
            PermitSigner.sign(IERC20Permit(address(trETH)), aliceKey, alice, bob, 5 ether, deadline);

        trETH.permit(alice, bob, 5 ether, deadline, v, r, s);

        assertEq(trETH.allowance(alice, bob), 5 ether);
        assertEq(trETH.nonces(alice), 1);
    }

    function test_permit_expiredDeadline_reverts() public {
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) =
            PermitSigner.sign(IERC20Permit(address(trETH)), aliceKey, alice, bob, 5 ether, deadline);

        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        trETH.permit(alice, bob, 5 ether, deadline, v, r, s);
    }

    // ------------------------------------------------------------------ fuzz: money paths

    /// @dev A deposit mints floor(assets * supply / pooled): never more than its pro-rata share, the
    ///      rate does not fall, and the new shares are worth no more than the ETH paid.
    function testFuzz_depositETH_sharesBoundedByPoolShare_succeeds(uint256 seed, uint256 rewards, uint256 assets)
        public
    {
        seed = bound(seed, 1, 1e9 ether);
        rewards = bound(rewards, 0, 1e9 ether);
        assets = bound(assets, 1, 1e9 ether);
        TrETH pool = _pool(seed, rewards);

        uint256 supply = pool.totalSupply();
        uint256 pooled = pool.totalPooledEther();
        uint256 rateBefore = pool.getRate();
        uint256 expected = Math.mulDiv(assets, supply, pooled);

        vm.deal(alice, assets);
        vm.prank(alice);
        if (expected == 0) {
            vm.expectRevert(abi.encodeWithSelector(ITrETH.TrETH_InsufficientShares.selector, 0, 0));
            pool.depositETH{value: assets}(alice, 0);
            return;
        }
        uint256 shares = pool.depositETH{value: assets}(alice, 0);

        assertEq(shares, expected);
        assertLe(shares * pooled, assets * supply, "more than pro-rata shares");
        assertGe(pool.getRate(), rateBefore, "deposit lowered the rate");
        assertLe(Math.mulDiv(shares, pool.totalPooledEther(), pool.totalSupply()), assets, "free mint");
    }

    function testFuzz_distributeRewards_onlyRaisesRate_succeeds(uint256 seed, uint256 rewards) public {
        seed = bound(seed, 1, 1e9 ether);
        rewards = bound(rewards, 1, 1e9 ether);
        TrETH pool = _pool(seed, 0);
        uint256 rateBefore = pool.getRate();

        vm.deal(owner, rewards);
        vm.prank(owner);
        pool.distributeRewards{value: rewards}();

        assertGe(pool.getRate(), rateBefore);
        // Anything worth at least one wei per 1e18 shares must show in the rate.
        if (rewards * 1e18 >= pool.totalSupply()) assertGt(pool.getRate(), rateBefore);
        assertEq(pool.totalPooledEther(), seed + rewards);
        assertEq(pool.totalSupply(), seed);
    }

    /// @dev A random mix of deposits and rewards: the rate never falls and supply at the current
    ///      rate never claims more ETH than the pool holds.
    function testFuzz_depositETH_mixedSequenceKeepsRateAndSolvency_succeeds(
        uint64[8] calldata amounts,
        bool[8] calldata isReward
    ) public {
        TrETH pool = _pool(1 ether, 0);
        uint256 rate = pool.getRate();
        for (uint256 i; i < amounts.length; ++i) {
            uint256 amount = bound(amounts[i], 1, type(uint64).max);
            vm.deal(owner, amount);
            vm.startPrank(owner);
            if (isReward[i]) {
                pool.distributeRewards{value: amount}();
            } else if (pool.previewDeposit(amount) > 0) {
                pool.depositETH{value: amount}(owner, 0);
            }
            vm.stopPrank();

            uint256 newRate = pool.getRate();
            assertGe(newRate, rate, "rate fell");
            rate = newRate;
            assertLe(Math.mulDiv(pool.totalSupply(), newRate, 1e18), pool.totalPooledEther(), "insolvent");
            assertEq(address(pool).balance, pool.totalPooledEther(), "pooled ETH != held ETH");
        }
    }

    function _pool(uint256 seed, uint256 rewards) internal returns (TrETH pool) {
        pool = new TrETH(owner);
        vm.deal(owner, seed + rewards);
        vm.startPrank(owner);
        pool.depositETH{value: seed}(owner, 0);
        if (rewards > 0) pool.distributeRewards{value: rewards}();
        vm.stopPrank();
    }
}
